package io.spindle.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;

/**
 * Draws the benchmark report's line charts as PNG, so the report needs nothing installed beyond
 * Maven: one line per series, each read from a CSV file of "x,y" lines.
 *
 * <pre>
 * LinePlot OUT.png "title" "x label" "y label" NAME=FILE.csv [NAME=FILE.csv ...]
 * </pre>
 */
public final class LinePlot {
  private LinePlot() {}

  public static void main(String[] args) throws IOException {
    if (args.length < 5) {
      System.err.println("usage: LinePlot OUT.png TITLE XLABEL YLABEL NAME=FILE.csv ...");
      System.exit(2);
    }
    XYChart chart = new XYChartBuilder().width(900).height(560).title(args[1]).xAxisTitle(args[2])
        .yAxisTitle(args[3]).build();
    chart.getStyler().setMarkerSize(0);
    for (int i = 4; i < args.length; i++) {
      String[] nameFile = args[i].split("=", 2);
      List<Double> xs = new ArrayList<>();
      List<Double> ys = new ArrayList<>();
      for (String line : Files.readAllLines(Path.of(nameFile[1]))) {
        String[] xy = line.split(",");
        if (xy.length == 2) {
          xs.add(Double.parseDouble(xy[0]));
          ys.add(Double.parseDouble(xy[1]));
        }
      }
      if (!xs.isEmpty()) {
        chart.addSeries(nameFile[0], xs, ys).setXYSeriesRenderStyle(XYSeries.XYSeriesRenderStyle.Line);
      }
    }
    BitmapEncoder.saveBitmap(chart, args[0], BitmapEncoder.BitmapFormat.PNG);
  }
}
