package brainc.codegen.java;

import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeSpec;
import java.util.List;
import javax.lang.model.element.Modifier;

/**
 * Generates {@code Spikes}, the one support class of a generated package: the event of a random
 * spike train, and the formatting that shows counterexamples in the model's terms (times in
 * ms, values in their units, six significant digits).
 *
 * <p>Before: a train {@code [Event(pre, gap 0), Event(post, gap 12)]}; after (its description):
 * {@code pre at 0 ms, post at 1.2 ms}.
 */
final class SpikeSupport {
  static final String NAME = "Spikes";

  private SpikeSupport() {}

  static TypeSpec generate(ClassName spikes) {
    ClassName event = spikes.nestedClass("Event");
    ParameterizedTypeName train = ParameterizedTypeName.get(ClassName.get(List.class), event);
    TypeSpec eventType = TypeSpec.classBuilder("Event")
        .addModifiers(Modifier.PUBLIC, Modifier.STATIC, Modifier.FINAL)
        .addJavadoc("One spike of a random train: whose it is, how many clock steps after the previous event it comes\n"
            + "(0: at the same time), and the values of the third-factor signals from then on.\n")
        .addField(boolean.class, "pre", Modifier.PUBLIC, Modifier.FINAL)
        .addField(int.class, "gap", Modifier.PUBLIC, Modifier.FINAL)
        .addField(double[].class, "signals", Modifier.PUBLIC, Modifier.FINAL)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
            .addParameter(boolean.class, "pre").addParameter(int.class, "gap")
            .addParameter(ParameterizedTypeName.get(List.class, Double.class), "signals")
            .addStatement("this.pre = pre").addStatement("this.gap = gap")
            .addStatement("this.signals = signals.stream().mapToDouble(Double::doubleValue).toArray()").build())
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PUBLIC)
            .addParameter(boolean.class, "pre").addParameter(int.class, "gap").addParameter(double[].class, "signals")
            .addStatement("this.pre = pre").addStatement("this.gap = gap").addStatement("this.signals = signals.clone()").build())
        .addMethod(MethodSpec.methodBuilder("toString").addAnnotation(Override.class).addModifiers(Modifier.PUBLIC)
            .returns(String.class)
            .addStatement("return (pre ? \"pre\" : \"post\") + \" +\" + gap + \" steps\" + (signals.length == 0 ? \"\" : \" \" + $T.toString(signals))",
                java.util.Arrays.class).build())
        .build();

    return TypeSpec.classBuilder(spikes)
        .addModifiers(Modifier.PUBLIC, Modifier.FINAL)
        .addJavadoc("Random spike trains and the text of counterexamples, shared by the generated property tests.\n")
        .addType(eventType)
        .addMethod(MethodSpec.constructorBuilder().addModifiers(Modifier.PRIVATE).build())
        .addMethod(MethodSpec.methodBuilder("number").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(String.class)
            .addParameter(double.class, "v")
            .addJavadoc("A number with at most six significant digits and no trailing zeros.\n")
            .beginControlFlow("if (v == 0.0)").addStatement("return \"0\"").endControlFlow()
            .beginControlFlow("if (Double.isNaN(v) || Double.isInfinite(v))").addStatement("return Double.toString(v)").endControlFlow()
            .addStatement("$T d = new $T(v).round(new $T(6)).stripTrailingZeros()", java.math.BigDecimal.class,
                java.math.BigDecimal.class, java.math.MathContext.class)
            .addStatement("double a = Math.abs(v)")
            .addStatement("return a >= 1e-4 && a < 1e7 ? d.toPlainString() : d.toString()").build())
        .addMethod(MethodSpec.methodBuilder("quantity").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(String.class)
            .addParameter(double.class, "si").addParameter(double.class, "scale").addParameter(String.class, "symbol")
            .addJavadoc("A value in SI units shown in the unit {@code symbol}, one of which is {@code scale} in SI.\n")
            .addStatement("return symbol.isEmpty() ? number(si) : number(si / scale) + \" \" + symbol").build())
        .addMethod(MethodSpec.methodBuilder("exact").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(String.class)
            .addParameter(double.class, "si").addParameter(double.class, "scale").addParameter(String.class, "symbol")
            .addJavadoc("As {@code quantity}, with all the digits a double has: a value that breaks a bound by\n"
                + "a rounding error must not print as the bound itself.\n")
            .addStatement("String n = Double.toString(si / scale)")
            .addStatement("return symbol.isEmpty() ? n : n + \" \" + symbol").build())
        .addMethod(MethodSpec.methodBuilder("ms").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(String.class)
            .addParameter(double.class, "seconds").addStatement("return quantity(seconds, 1e-3, \"ms\")").build())
        .addMethod(MethodSpec.methodBuilder("who").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(String.class)
            .addParameter(boolean.class, "pre").addParameter(boolean.class, "post")
            .addStatement("return pre && post ? \"pre and post\" : pre ? \"pre\" : \"post\"").build())
        .addMethod(MethodSpec.methodBuilder("describe").addModifiers(Modifier.PUBLIC, Modifier.STATIC).returns(String.class)
            .addParameter(train, "train").addParameter(int.class, "tail").addParameter(double.class, "dt")
            .addParameter(double[].class, "initial").addParameter(String[].class, "signals")
            .addJavadoc("The train in the model's terms: {@code pre at 0 ms, post at 1.2 ms}, the signals when they\n"
                + "change, and the quiet time after the last spike.\n")
            .addStatement("$T b = new $T()", StringBuilder.class, StringBuilder.class)
            .addStatement("double[] current = initial.clone()")
            .beginControlFlow("for (int i = 0; i < signals.length; i++)")
            .addStatement("b.append(b.length() == 0 ? \"\" : \", \").append(signals[i]).append(\" = \").append(number(current[i]))")
            .endControlFlow()
            .beginControlFlow("if (signals.length > 0 && !train.isEmpty())").addStatement("b.append(\" from 0 ms\")").endControlFlow()
            .addStatement("long step = 0")
            .beginControlFlow("for ($T e : train)", event)
            .addStatement("step += e.gap")
            .addStatement("b.append(b.length() == 0 ? \"\" : \", \").append(e.pre ? \"pre\" : \"post\").append(\" at \").append(ms(step * dt))")
            .beginControlFlow("for (int i = 0; i < signals.length; i++)")
            .beginControlFlow("if (e.signals[i] != current[i])")
            .addStatement("current[i] = e.signals[i]")
            .addStatement("b.append(\" (\").append(signals[i]).append(\" = \").append(number(current[i])).append(\" from then on)\")")
            .endControlFlow()
            .endControlFlow()
            .endControlFlow()
            .beginControlFlow("if (train.isEmpty())")
            .addStatement("b.append(b.length() == 0 ? \"\" : \", \").append(\"no spikes for \").append(ms(tail * dt))")
            .nextControlFlow("else if (tail > 0)")
            .addStatement("b.append(\", then no spikes for \").append(ms(tail * dt))")
            .endControlFlow()
            .addStatement("return b.toString()").build())
        .build();
  }
}
