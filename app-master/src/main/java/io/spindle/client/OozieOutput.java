package io.spindle.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Properties;

/**
 * Oozie's capture-output: when a java action runs the client, Oozie names a file in the system
 * property {@value #PROPERTY}; the client writes the job's outcome there as properties, which the
 * workflow reads as {@code ${wf:actionData('train')['model_path']}}.
 */
final class OozieOutput {
  static final String PROPERTY = "oozie.action.output.properties";
  static final String APPLICATION_ID = "application_id";
  static final String FINAL_STATUS = "final_status";
  static final String MODEL_PATH = "model_path";

  private OozieOutput() {}

  /** Writes the summary when running under Oozie; does nothing otherwise. */
  static void writeIfAsked(String summaryJson, String modelPath) throws IOException {
    String file = System.getProperty(PROPERTY);
    if (file == null) {
      return;
    }
    JsonNode summary = new ObjectMapper().readTree(summaryJson);
    Properties props = new Properties();
    props.setProperty(APPLICATION_ID, summary.path(APPLICATION_ID).asText());
    props.setProperty(FINAL_STATUS, summary.path(FINAL_STATUS).asText());
    if (modelPath != null) {
      props.setProperty(MODEL_PATH, modelPath);
    }
    summary.path("metrics").fields().forEachRemaining(e -> props.setProperty(e.getKey(), e.getValue().asText()));
    try (OutputStream out = new FileOutputStream(new File(file))) {
      props.store(out, "spindle job outcome");
    }
  }
}
