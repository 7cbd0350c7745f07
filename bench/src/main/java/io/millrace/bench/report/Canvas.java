package io.millrace.bench.report;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import javax.imageio.ImageIO;

/**
 * A white image with a plot area, axes, a title and a legend: what both charts share. Plain Java2D, headless, so
 * the tool needs no chart library and runs on servers without a display.
 */
final class Canvas implements AutoCloseable {

    static final int WIDTH = 960;
    static final int HEIGHT = 540;
    static final Color[] PALETTE = {
        new Color(0x1f77b4),
        new Color(0xff7f0e),
        new Color(0x2ca02c),
        new Color(0xd62728),
        new Color(0x9467bd),
        new Color(0x8c564b),
    };

    // Room for tick labels on the left and below, the title on top, the legend inside the plot.
    final int left = 90;
    final int right = WIDTH - 30;
    final int top = 50;
    final int bottom = HEIGHT - 60;

    private final BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    final Graphics2D g;

    Canvas(String title, String xLabel, String yLabel) {
        System.setProperty("java.awt.headless", System.getProperty("java.awt.headless", "true"));
        g = image.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, WIDTH, HEIGHT);
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, left, 30);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        FontMetrics fm = g.getFontMetrics();
        g.drawString(xLabel, (left + right - fm.stringWidth(xLabel)) / 2, HEIGHT - 15);
        Graphics2D rotated = (Graphics2D) g.create();
        rotated.rotate(-Math.PI / 2);
        rotated.drawString(yLabel, -(top + bottom + fm.stringWidth(yLabel)) / 2, 18);
        rotated.dispose();
        g.setColor(Color.DARK_GRAY);
        g.drawLine(left, bottom, right, bottom);
        g.drawLine(left, top, left, bottom);
    }

    /** Horizontal grid lines with labels, from 0 to {@code max} in "nice" steps; returns the axis maximum. */
    double yAxis(double max) {
        double step = niceStep(max <= 0 ? 1 : max / 5);
        double axisMax = Math.ceil((max <= 0 ? 1 : max) / step) * step;
        FontMetrics fm = g.getFontMetrics();
        for (double v = 0; v <= axisMax + step / 2; v += step) {
            int y = yPixel(v, axisMax);
            g.setColor(new Color(0xe0e0e0));
            g.drawLine(left + 1, y, right, y);
            g.setColor(Color.DARK_GRAY);
            String label = formatNumber(v);
            g.drawString(label, left - 8 - fm.stringWidth(label), y + fm.getAscent() / 2 - 1);
        }
        return axisMax;
    }

    int yPixel(double v, double axisMax) {
        return bottom - (int) Math.round((bottom - top) * (v / axisMax));
    }

    void xTickLabel(String label, int x) {
        FontMetrics fm = g.getFontMetrics();
        g.setColor(Color.DARK_GRAY);
        g.drawLine(x, bottom, x, bottom + 4);
        g.drawString(label, x - fm.stringWidth(label) / 2, bottom + 6 + fm.getAscent());
    }

    void legend(List<String> names) {
        FontMetrics fm = g.getFontMetrics();
        int y = top + 8;
        int width = names.stream().mapToInt(fm::stringWidth).max().orElse(0) + 30;
        for (int i = 0; i < names.size(); i++) {
            int x = right - width - 8;
            g.setColor(PALETTE[i % PALETTE.length]);
            g.fillRect(x, y + i * 18, 14, 10);
            g.setColor(Color.BLACK);
            g.drawString(names.get(i), x + 20, y + i * 18 + 10);
        }
    }

    void stroke(Color color, float width) {
        g.setColor(color);
        g.setStroke(new BasicStroke(width));
    }

    void write(Path file) throws IOException {
        if (!ImageIO.write(image, "png", file.toFile())) {
            throw new IOException("no PNG writer in this JVM");
        }
    }

    static double niceStep(double raw) {
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double fraction = raw / magnitude;
        double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 5 ? 5 : 10;
        return nice * magnitude;
    }

    static String formatNumber(double v) {
        if (v >= 1_000_000) {
            return String.format(Locale.ROOT, "%.1fM", v / 1_000_000);
        }
        if (v >= 10_000) {
            return String.format(Locale.ROOT, "%.0fk", v / 1_000);
        }
        if (v == Math.rint(v)) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        return String.format(Locale.ROOT, "%.2f", v);
    }

    @Override
    public void close() {
        g.dispose();
    }
}
