package brainc.codegen.cuda;

import java.io.StringWriter;
import java.util.Properties;
import org.apache.velocity.VelocityContext;
import org.apache.velocity.app.VelocityEngine;
import org.apache.velocity.runtime.RuntimeConstants;

/**
 * The Velocity engine of the cuda target: templates from the classpath
 * ({@code brainc/codegen/cuda/templates/}), strict references (a reference a template cannot
 * resolve is a bug here, never an empty string in the output), whole-line directives gobbled.
 */
final class CudaTemplates {
  private CudaTemplates() {}

  static final String FOLDER = "brainc/codegen/cuda/templates/";

  private static final VelocityEngine ENGINE = create();

  private static VelocityEngine create() {
    Properties p = new Properties();
    p.setProperty(RuntimeConstants.RESOURCE_LOADERS, "classpath");
    p.setProperty("resource.loader.classpath.class", "org.apache.velocity.runtime.resource.loader.ClasspathResourceLoader");
    p.setProperty(RuntimeConstants.RUNTIME_REFERENCES_STRICT, "true");
    p.setProperty(RuntimeConstants.INPUT_ENCODING, "UTF-8");
    p.setProperty(RuntimeConstants.SPACE_GOBBLING, "lines");
    VelocityEngine e = new VelocityEngine(p);
    e.init();
    return e;
  }

  static VelocityEngine engine() {
    return ENGINE;
  }

  /** {@code template} (a file name in {@link #FOLDER}) merged with {@code cx}. */
  static String merge(String template, VelocityContext cx) {
    StringWriter w = new StringWriter();
    ENGINE.getTemplate(FOLDER + template, "UTF-8").merge(cx, w);
    return w.toString();
  }
}
