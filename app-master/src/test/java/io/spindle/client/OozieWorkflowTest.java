package io.spindle.client;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.net.URL;
import java.nio.file.Files;
import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import org.junit.jupiter.api.Test;

/** The example Oozie workflow is valid against the workflow schema that Oozie 5.2.1 ships. */
class OozieWorkflowTest {
  private static final File WORKFLOW = new File("../scripts/oozie/workflow.xml");

  @Test
  void workflowValidatesAgainstOozieWorkflowSchema() throws Exception {
    URL xsd = getClass().getClassLoader().getResource("oozie-workflow-1.0.xsd");
    assertNotNull(xsd, "oozie-client's oozie-workflow-1.0.xsd is not on the test classpath");
    Schema schema = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI).newSchema(xsd);
    schema.newValidator().validate(new StreamSource(WORKFLOW));
  }

  @Test
  void workflowRunsTheClientAndThePredictMapperThatExist() throws Exception {
    String xml = Files.readString(WORKFLOW.toPath());
    for (String className : new String[] {"io.spindle.client.SpindleCli", "io.spindle.ml.mr.PredictMapper"}) {
      assertTrue(xml.contains(className));
      Class.forName(className);
    }
    assertTrue(xml.contains("<capture-output/>"));
    assertTrue(xml.contains("wf:actionData('train')['" + OozieOutput.MODEL_PATH + "']"));
  }
}
