#!/usr/bin/env bash
# Sequential Fashion-MNIST with a recurrent spiking network: samples/fmnist_rows_rsnn.brain
# (28 rows of 28 pixels as input currents, one row per step -> 256 recurrent Leaky -> 10
# Leaky, cross-entropy on spike counts, Adam 1e-3, batch 128) trained by brainc, against the
# same network written in torch (rows_torch.py below), in the same run. Not a test: it prints
# figures.
#
#   bench/fmnist_rows.sh [EPOCHS] [LIMIT] [TEST_LIMIT]     (default: 3 epochs, all 60000/10000)
#   e.g. bench/fmnist_rows.sh 1 6400 2000   for a reduced run
#   SEEDS="42 43 44" (default) are the seeds of both sides; BRAINC_SEEDS (default: the first
#   seed only, the file's 42) limits brainc's; BRAINC_THREADS passes --threads to brainc.
#   SAME_INIT=1: brainc starts from torch's initial draw of each seed (--init), not its own.
#   TORCH_ORDER=brainc: torch trains on brainc's batches, epoch by epoch (the permutations of
#   brainc's shuffle for each seed, from the jar's Shuffle), not on torch.randperm's. With
#   SAME_INIT=1 the two sides then differ only in float32 rounding, which the spike thresholds
#   and Adam amplify within a few batches (see --parity): what is left of the gap is variance.
#   bench/fmnist_rows.sh --parity [BATCHES]   (default 20; a few minutes) checks that the two
#   sides compute the same thing: same initial parameters, same batches in file order, the
#   per-batch losses and weights side by side, and the gradients of both (see below).
#
# The reference runs on Debian's /usr/bin/python3 with python3-torch, which this script
# installs with apt-get when it is missing (as root, or through sudo otherwise: it asks for a
# password if sudo needs one). torch.set_num_threads(1), its best setting on 2 cores.
#
# Same network, same data order rule, same init distribution, not the same draws: both sides
# initialise each dense layer as nn.Linear (weight and bias uniform in +-1/sqrt(fan_in)), each
# dense layer with its own bias (the recurrent one too), from their own generators seeded
# with the seed; torch shuffles with torch.randperm per epoch. Accuracies are compared as means
# over seeds, not sample by sample. The neuron is snnTorch's Leaky as brainc's stdlib defines
# it: mem = 0.9 mem + I - reset, spike = mem > 1 (arctangent surrogate, alpha 2), reset = the
# detached spike, applied at the next step; the recurrent layer reads its spikes of the step
# before (snnTorch's RLeaky with a dense recurrent matrix).
#
# Prints per side: test accuracy after the last epoch (mean over seeds), seconds per epoch
# (median over epochs and seeds), and the ratio brainc / torch; brainc's tape memory per batch.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
parity=0
if [ "${1:-}" = --parity ]; then
  parity=1
  batches=${2:-20}
  shift $#
fi
epochs=${1:-3}
limit=${2:-}
test_limit=${3:-}
seeds=${SEEDS:-42 43 44}
brainc_seeds=${BRAINC_SEEDS:-${seeds%% *}}
data=${FMNIST:-/usr/share/datasets/fashion-mnist}
out=${BENCH_OUT:-out/bench-fmnist-rows}
mkdir -p "$out"

if ! /usr/bin/python3 -c 'import torch, numpy' 2> /dev/null; then
  echo "installing python3-torch with apt-get (Debian's torch for /usr/bin/python3)..." >&2
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch >&2
  else
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-torch >&2
  fi
fi

BRAINC_NO_BUILD= bin/brainc --version > /dev/null
cp compiler/target/brainc.jar "$out/brainc.jar"
echo "host: $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(java -version 2>&1 | head -n 1)"
cat > "$out/rows_torch.py" <<'PY'
"""The torch reference of samples/fmnist_rows_rsnn.brain (written by bench/fmnist_rows.sh)."""
import gzip, math
import numpy as np
import torch

torch.set_num_threads(1)

def idx(data, name):
    for path in (f"{data}/{name}.gz", f"{data}/{name}"):
        try:
            with (gzip.open if path.endswith(".gz") else open)(path, "rb") as f:
                raw = f.read()
            break
        except FileNotFoundError:
            continue
    else:
        raise SystemExit(f"{data}/{name}[.gz] not found")
    dims = raw[3]
    shape = [int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(dims)]
    return np.frombuffer(raw, dtype=np.uint8, offset=4 + 4 * dims).reshape(shape)

def load(data, split, n):
    x = torch.tensor(idx(data, f"{split}-images-idx3-ubyte").astype(np.float32) / 255.0)
    y = torch.tensor(idx(data, f"{split}-labels-idx1-ubyte").astype(np.int64))
    if n > 0:
        x, y = x[:n], y[:n]
    return x.reshape(-1, 28, 28), y

class Spike(torch.autograd.Function):
    """Heaviside of mem - threshold; arctangent surrogate with alpha 2 (snnTorch's ATan)."""
    @staticmethod
    def forward(ctx, u):
        ctx.save_for_backward(u)
        return (u > 0).float()

    @staticmethod
    def backward(ctx, g):
        (u,) = ctx.saved_tensors
        alpha = 2.0
        return g * (alpha / 2) / (1 + (math.pi / 2 * alpha * u) ** 2)

class RowsRSNN(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.fc_in = torch.nn.Linear(28, 256)
        self.fc_rec = torch.nn.Linear(256, 256)
        self.fc_out = torch.nn.Linear(256, 10)

    def forward(self, x):
        b = x.shape[0]
        mem_h = torch.zeros(b, 256); reset_h = torch.zeros(b, 256); spk_h = torch.zeros(b, 256)
        mem_o = torch.zeros(b, 10); reset_o = torch.zeros(b, 10); count = torch.zeros(b, 10)
        for t in range(x.shape[1]):
            mem_h = 0.9 * mem_h + self.fc_in(x[:, t]) + self.fc_rec(spk_h) - reset_h * 1.0
            spk_h = Spike.apply(mem_h - 1.0)
            reset_h = spk_h.detach()
            mem_o = 0.9 * mem_o + self.fc_out(spk_h) - reset_o * 1.0
            spk_o = Spike.apply(mem_o - 1.0)
            reset_o = spk_o.detach()
            count = count + spk_o
        return count

# brainc's weights.npz names (and --init's) of the torch layers: <layer>.<source>.weight for
# a layer with several inputs, <layer>.weight otherwise; nn.Linear's [out, in] on both sides.
NAMES = {"fc_in": "h.row", "fc_rec": "h.h", "fc_out": "out"}

def brainc_name(torch_name):
    layer, kind = torch_name.split(".")
    return f"{NAMES[layer]}.{kind}"

def save_npz(net, path):
    np.savez(path, **{brainc_name(k): v.detach().numpy() for k, v in net.state_dict().items()})

def load_npz(net, path):
    z = np.load(path)
    net.load_state_dict({k: torch.tensor(z[brainc_name(k)]) for k in net.state_dict()})

def brainc_orders(jar, n, seed, epochs, out):
    """brainc's per-epoch permutations of n samples for seed (its Shuffle, through the jar)."""
    import subprocess
    subprocess.run(["java", "-cp", jar, f"{out}/BraincOrder.java", str(n), str(seed), str(epochs), f"{out}/order-{seed}.bin"],
                   check=True)
    return np.fromfile(f"{out}/order-{seed}.bin", dtype=">i4").reshape(epochs, n).astype(np.int64)
PY
cat > "$out/BraincOrder.java" <<'JAVA'
/** Writes brainc's shuffle order of N samples for SEED, epochs 0 .. EPOCHS-1, as big-endian int32. */
public class BraincOrder {
  public static void main(String[] a) throws java.io.IOException {
    int n = Integer.parseInt(a[0]);
    long seed = Long.parseLong(a[1]);
    int epochs = Integer.parseInt(a[2]);
    try (var out = new java.io.DataOutputStream(new java.io.BufferedOutputStream(new java.io.FileOutputStream(a[3])))) {
      for (int e = 0; e < epochs; e++) for (int i : brainc.runtime.data.Shuffle.permutation(n, seed, e)) out.writeInt(i);
    }
  }
}
JAVA

if [ "$parity" = 1 ]; then
  # Same start, same batches: torch draws the initial parameters (nn.Linear, seed 42) and
  # writes them as weights.npz is laid out; brainc starts from them (--init) and both train on
  # the first BATCHES batches in file order (shuffle off), Adam 1e-3. brainc's loss of batch k
  # is read from runs of k batches (--limit 128k: metrics.csv holds their mean to 5 decimals,
  # so the derived per-batch loss carries up to ~k * 1e-5 of rounding). Then the gradients,
  # the decisive check: one SGD step with lr 1 (w - lr g gives g back), from the initial
  # parameters and from torch's after the BATCHES batches, on the first batch.
  p="$out/parity"
  rm -rf "$p" && mkdir -p "$p"
  sed 's/^  shuffle true$/  shuffle false/' samples/fmnist_rows_rsnn.brain > "$p/adam.brain"
  sed 's/^  optimizer adam(lr = 1e-3)$/  optimizer sgd(lr = 1.0)/' "$p/adam.brain" > "$p/sgd.brain"
  grep -q '^  shuffle false$' "$p/adam.brain" && grep -q '^  optimizer sgd(lr = 1.0)$' "$p/sgd.brain" \
    || { echo "fmnist_rows.sh: the sample's shuffle or optimizer line changed; update the --parity edits" >&2; exit 1; }
  echo "parity: $batches batches of 128 from the same initial parameters, in file order"
  OUT="$out" /usr/bin/python3 - "$data" "$batches" "$p" <<'PY'
import os, sys
sys.path.insert(0, os.environ["OUT"])
from rows_torch import *
data, batches, p = sys.argv[1], int(sys.argv[2]), sys.argv[3]
x, y = load(data, "train", 128 * batches)
torch.manual_seed(42)
net = RowsRSNN()
save_npz(net, f"{p}/init.npz")
opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-8)
with open(f"{p}/torch-losses.csv", "w") as f:
    for k in range(batches):
        opt.zero_grad()
        loss = torch.nn.CrossEntropyLoss()(net(x[128 * k:128 * k + 128]), y[128 * k:128 * k + 128])
        loss.backward()
        opt.step()
        print(f"{k + 1},{loss.item():.9g}", file=f)
        save_npz(net, f"{p}/torch-{k + 1}.npz")
PY
  bopts=(--epochs 1 --test-limit 128 --data "$data" --seed 42 -q)
  [ -n "${BRAINC_THREADS:-}" ] && bopts+=(--threads "$BRAINC_THREADS")
  for k in $(seq 1 "$batches"); do
    java --add-modules jdk.incubator.vector -jar "$out/brainc.jar" train "$p/adam.brain" --init "$p/init.npz" \
      --limit $((128 * k)) --out "$p/brainc-$k" "${bopts[@]}" > "$p/brainc-$k.log" 2>&1
  done
  for from in init "torch-$batches"; do
    java --add-modules jdk.incubator.vector -jar "$out/brainc.jar" train "$p/sgd.brain" --init "$p/$from.npz" \
      --limit 128 --out "$p/grad-$from" "${bopts[@]}" > "$p/grad-$from.log" 2>&1
  done
  OUT="$out" /usr/bin/python3 - "$data" "$batches" "$p" <<'PY'
import os, sys
sys.path.insert(0, os.environ["OUT"])
from rows_torch import *
data, batches, p = sys.argv[1], int(sys.argv[2]), sys.argv[3]
torch_loss = [float(l.split(",")[1]) for l in open(f"{p}/torch-losses.csv")]
means = [float(open(f"{p}/brainc-{k}/metrics.csv").read().splitlines()[1].split(",")[1]) for k in range(1, batches + 1)]
init = np.load(f"{p}/init.npz")
print(f"{'batch':>5} {'torch loss':>11} {'brainc loss':>11} {'torch mean':>11} {'brainc mean':>11} {'|mean diff|':>11}  weights: max|brainc-torch| / max|torch-init|")
worst_mean, worst_w = 0.0, (0.0, 0)
for k in range(1, batches + 1):
    b_loss = k * means[k - 1] - (k - 1) * (means[k - 2] if k > 1 else 0.0)
    t_mean = sum(torch_loss[:k]) / k
    b, t = np.load(f"{p}/brainc-{k}/weights.npz"), np.load(f"{p}/torch-{k}.npz")
    rel = max(float(np.abs(b[n] - t[n]).max()) / float(np.abs(t[n] - init[n]).max()) for n in t)
    worst_mean = max(worst_mean, abs(means[k - 1] - t_mean))
    worst_w = max(worst_w, (rel, k))
    print(f"{k:5d} {torch_loss[k - 1]:11.5f} {b_loss:11.5f} {t_mean:11.5f} {means[k - 1]:11.5f} {abs(means[k - 1] - t_mean):11.2e}  {rel:.2e}")
print(f"largest difference: mean loss {worst_mean:.2e} (metrics.csv rounds to 1e-5); weights {worst_w[0]:.2e} of torch's"
      f" change, after batch {worst_w[1]}")
# Control: torch again, but continued from brainc's parameters after batch 1 (torch's Adam
# moments). If it then follows brainc's losses, the two sides differ only by where float32
# rounding left them after batch 1: Adam divides each gradient by its own magnitude (eps
# 1e-8), so a gradient that is rounding noise (~1e-8) still moves its weight by ~lr, and the
# spike thresholds turn such differences into different spikes a few batches on.
x, y = load(data, "train", 128 * batches)
net = RowsRSNN()
load_npz(net, f"{p}/init.npz")
opt = torch.optim.Adam(net.parameters(), lr=1e-3, eps=1e-8)
row = []
for k in range(batches):
    if k == 1:
        load_npz(net, f"{p}/brainc-1/weights.npz")
    opt.zero_grad()
    loss = torch.nn.CrossEntropyLoss()(net(x[128 * k:128 * k + 128]), y[128 * k:128 * k + 128])
    loss.backward()
    opt.step()
    b_loss = (k + 1) * means[k] - k * (means[k - 1] if k > 0 else 0.0)
    row.append(f"{k + 1}: {loss.item():.5f} ({b_loss - loss.item():+.0e})")
print("control, torch from brainc's batch-1 parameters: batch: loss (brainc - it)")
for k in range(0, batches, 5):
    print("  " + "  ".join(row[k:k + 5]))
x, y = x[:128], y[:128]
for start in ("init", f"torch-{batches}"):
    net = RowsRSNN()
    load_npz(net, f"{p}/{start}.npz")
    torch.nn.CrossEntropyLoss()(net(x), y).backward()
    w0, w1 = np.load(f"{p}/{start}.npz"), np.load(f"{p}/grad-{start}/weights.npz")
    worst = []
    for name, prm in net.named_parameters():
        n = brainc_name(name)
        g_torch = prm.grad.numpy().astype(np.float64)
        g_brainc = w0[n].astype(np.float64) - w1[n]
        worst.append((float(np.abs(g_brainc - g_torch).max() / np.abs(g_torch).max()), n))
    print(f"gradients on batch 1 from {start}.npz: max|brainc-torch| / max|torch| = {max(worst)[0]:.2e} ({max(worst)[1]})")
PY
  exit 0
fi

echo "command: bench/fmnist_rows.sh $epochs ${limit:-all} ${test_limit:-all}; seeds brainc [$brainc_seeds] torch [$seeds]${SAME_INIT:+; SAME_INIT=$SAME_INIT}${TORCH_ORDER:+; TORCH_ORDER=$TORCH_ORDER}"
case "${TORCH_ORDER:-}" in
  '' | torch | brainc) ;;
  *) echo "fmnist_rows.sh: TORCH_ORDER is brainc or torch, not $TORCH_ORDER" >&2; exit 1 ;;
esac

opts=(--epochs "$epochs" --data "$data" -q)
if [ "${SAME_INIT:-}" = 1 ]; then
  # Both sides start from torch's draw for each seed (brainc through --init).
  for seed in $seeds; do
    OUT="$out" /usr/bin/python3 -c 'import os, sys; sys.path.insert(0, os.environ["OUT"]); from rows_torch import *
torch.manual_seed(int(sys.argv[1])); save_npz(RowsRSNN(), sys.argv[2])' "$seed" "$out/init-$seed.npz"
  done
fi
[ -n "$limit" ] && opts+=(--limit "$limit")
[ -n "$test_limit" ] && opts+=(--test-limit "$test_limit")
[ -n "${BRAINC_THREADS:-}" ] && opts+=(--threads "$BRAINC_THREADS")
: > "$out/brainc.csv"
for seed in $brainc_seeds; do
  rm -rf "$out/brainc-$seed" "$out/brainc-$seed.checkpoint"
  init=()
  [ "${SAME_INIT:-}" = 1 ] && init=(--init "$out/init-$seed.npz")
  # shellcheck disable=SC2086 # option list
  java ${BRAINC_JAVA_OPTS:-} --add-modules jdk.incubator.vector -jar "$out/brainc.jar" train samples/fmnist_rows_rsnn.brain \
    --seed "$seed" --out "$out/brainc-$seed" "${opts[@]}" "${init[@]}" > "$out/brainc-$seed.log" 2>&1
  # epoch, test accuracy, train seconds
  awk -F, -v s="$seed" 'NR > 1 { print s "," $1 "," $5 "," $6 }' "$out/brainc-$seed/metrics.csv" >> "$out/brainc.csv"
done
tape=$(grep -o 'tape: [0-9]* bytes ([0-9.]* MiB) per batch of [0-9]*' "$out/brainc-${brainc_seeds%% *}.log" || true)

OUT="$out" /usr/bin/python3 - "$data" "$epochs" "${limit:-0}" "${test_limit:-0}" "$seeds" > "$out/torch.csv" <<'PY'
import os, sys, time
sys.path.insert(0, os.environ["OUT"])
from rows_torch import *

data, epochs, limit, test_limit, seeds = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4]), sys.argv[5].split()
same_init = os.environ.get("SAME_INIT") == "1"
brainc_order = os.environ.get("TORCH_ORDER") == "brainc"
train_x, train_y = load(data, "train", limit)
test_x, test_y = load(data, "t10k", test_limit)
print("seed,epoch,test_accuracy,train_seconds")
for seed in seeds:
    torch.manual_seed(int(seed))
    net = RowsRSNN()
    if same_init:
        load_npz(net, f"{os.environ['OUT']}/init-{seed}.npz")
    opt = torch.optim.Adam(net.parameters(), lr=1e-3)
    loss_fn = torch.nn.CrossEntropyLoss()
    if brainc_order:
        orders = brainc_orders(f"{os.environ['OUT']}/brainc.jar", len(train_x), seed, epochs, os.environ["OUT"])
    for epoch in range(1, epochs + 1):
        start = time.perf_counter()
        order = torch.from_numpy(orders[epoch - 1]) if brainc_order else torch.randperm(len(train_x))
        for k in range(0, len(order), 128):
            i = order[k:k + 128]
            opt.zero_grad()
            loss = loss_fn(net(train_x[i]), train_y[i])
            loss.backward()
            opt.step()
        seconds = time.perf_counter() - start
        with torch.no_grad():
            correct = sum(int((net(test_x[k:k + 512]).argmax(1) == test_y[k:k + 512]).sum()) for k in range(0, len(test_x), 512))
        print(f"{seed},{epoch},{correct / len(test_x):.5f},{seconds:.2f}", flush=True)
PY

summary() {
  # $1: file of seed,epoch,accuracy,seconds rows; prints the mean accuracy of the last epoch,
  # the median seconds per epoch and the number of seeds
  local acc med
  acc=$(awk -F, -v last="$epochs" '$1 ~ /^[0-9]+$/ && $2 == last { a += $3; q += $3 * $3; m++ } END {
    printf "%.4f %d %.4f", a / m, m, (m > 1 && q > a * a / m ? sqrt((q - a * a / m) / (m - 1)) : 0) }' "$1")
  med=$(awk -F, '$1 ~ /^[0-9]+$/ { print $4 }' "$1" | sort -g | awk '{ t[NR] = $1 } END {
    printf "%.2f", NR % 2 ? t[(NR + 1) / 2] : (t[NR / 2] + t[NR / 2 + 1]) / 2 }')
  set -- $acc
  echo "$1 $med $2 $3"
}
read -r b_acc b_sec b_n b_sd < <(summary "$out/brainc.csv")
read -r t_acc t_sec t_n t_sd < <(summary "$out/torch.csv")
echo "brainc: test accuracy $b_acc (mean of $b_n seed(s), standard deviation $b_sd), $b_sec s per epoch (median)${tape:+; $tape}"
echo "torch:  test accuracy $t_acc (mean of $t_n seed(s), standard deviation $t_sd), $t_sec s per epoch (median), 1 thread"
for side in brainc torch; do
  awk -F, -v s=$side '$1 ~ /^[0-9]+$/ { r[$1] = r[$1] sprintf(" %.4f", $3) } END { for (k in r) printf "  %s seed %s, per epoch:%s\n", s, k, r[k] }' \
    "$out/$side.csv" | sort
done
awk -v b="$b_sec" -v t="$t_sec" -v ba="$b_acc" -v ta="$t_acc" 'BEGIN {
  printf "ratio brainc / torch seconds per epoch: %.2f; accuracy difference (brainc - torch): %+.2f points\n", b / t, 100 * (ba - ta) }'
# the difference of the means in units of its standard error (sd^2 / n per side): |z| < 2 is
# what two samples of the same distribution give 95% of the time
awk -v ba="$b_acc" -v ta="$t_acc" -v bs="$b_sd" -v ts="$t_sd" -v bn="$b_n" -v tn="$t_n" 'BEGIN {
  se = sqrt(bs * bs / bn + ts * ts / tn); if (bn > 1 && tn > 1 && se > 0) printf "standard error of the difference: %.2f points (z = %+.2f)\n", 100 * se, (ba - ta) / se }'
