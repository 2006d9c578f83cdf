package dev.curate.engine.metadata;

import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.util.Comparator;
import java.util.List;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws the bar chart of sampled versus full tiles per group (log scale), largest group first,
 * as a PNG with JFreeChart. Needs no display: AWT runs headless. Stateless.
 */
public final class SamplingChart {

    private static final int WIDTH_PX = 1400;
    private static final int PX_PER_GROUP = 16;
    private static final int MARGIN_PX = 160;
    private static final double CATEGORY_MARGIN = 0.002;

    private SamplingChart() {
    }

    /**
     * Writes the chart of {@code stats} to {@code png}.
     *
     * @param stats one row per group
     * @param title the chart title
     * @param png the target file; overwritten
     * @throws IOException when the file cannot be written
     */
    public static void write(List<GroupStats> stats, String title, Path png) throws IOException {
        if (System.getProperty("java.awt.headless") == null) {
            System.setProperty("java.awt.headless", "true");
        }
        DefaultCategoryDataset data = new DefaultCategoryDataset();
        stats.stream()
                .sorted(Comparator.comparingLong(GroupStats::fullTiles).reversed())
                .forEach(s -> {
                    data.addValue(s.fullTiles(), "full", s.group());
                    data.addValue(s.sampledTiles(), "sampled", s.group());
                });
        JFreeChart chart = ChartFactory.createBarChart(title, "group", "tiles", data,
                PlotOrientation.HORIZONTAL, true, false, false);
        CategoryPlot plot = chart.getCategoryPlot();
        LogAxis axis = new LogAxis("tiles (log scale)");
        axis.setBase(10);
        axis.setSmallestValue(1);
        // one tick per power of ten, written out in full
        axis.setTickUnit(new NumberTickUnit(1), false, true);
        axis.setNumberFormatOverride(new DecimalFormat("#,##0"));
        plot.setRangeAxis(axis);
        plot.getDomainAxis().setLowerMargin(CATEGORY_MARGIN);
        plot.getDomainAxis().setUpperMargin(CATEGORY_MARGIN);
        plot.getDomainAxis().setTickLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 9));
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(Color.GRAY);
        BarRenderer bars = (BarRenderer) plot.getRenderer();
        // bars grow from 1 tile: a log axis has no 0
        bars.setBase(1);
        bars.setItemMargin(0);
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, new Color(0x9E, 0xC5, 0xE8));
        bars.setSeriesPaint(1, new Color(0xD6, 0x4B, 0x2A));
        int height = MARGIN_PX + PX_PER_GROUP * Math.max(1, stats.size());
        ChartUtils.saveChartAsPNG(png.toFile(), chart, WIDTH_PX, height);
    }
}
