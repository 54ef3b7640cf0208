# Sourced by the bench scripts that compare with Brian2: makes sure Debian's Brian2 (python3-brian,
# for /usr/bin/python3) and g++ for its C++ standalone builds are present, installing them with
# apt-get when they are missing (as root, or through sudo otherwise).
if ! /usr/bin/python3 -c 'import brian2' 2> /dev/null || ! command -v g++ > /dev/null; then
  echo "installing python3-brian and g++ with apt-get (Debian's Brian2 for /usr/bin/python3)..." >&2
  if [ "$(id -u)" = 0 ]; then
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-brian g++ >&2
  else
    sudo DEBIAN_FRONTEND=noninteractive apt-get install -y -q python3-brian g++ >&2
  fi
fi
