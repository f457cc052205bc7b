package io.billstream.invoicing.document;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.PDPage;
import org.apache.pdfbox.pdmodel.PDPageContentStream;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.pdmodel.font.PDFont;
import org.apache.pdfbox.pdmodel.font.PDType1Font;
import org.apache.pdfbox.pdmodel.font.Standard14Fonts;

/**
 * A4 pages written top to bottom: a cursor that moves down, a new page when the next block does not
 * fit (with the header a section asks to repeat), wrapped text, and page numbers at the end.
 *
 * <p>The Standard 14 fonts need no embedding but only encode WinAnsi (Latin-1 and a few more), so
 * every string is made encodable first: a character the font lacks is transliterated ("→" becomes
 * "->", "ő" becomes "o") or replaced by "?", rather than failing the whole document.
 */
final class PdfSheet {

    static final PDRectangle SIZE = PDRectangle.A4;
    static final float LEFT = 50;
    static final float RIGHT = SIZE.getWidth() - 50;
    static final float TOP = SIZE.getHeight() - 50;
    /** Below this only the footer is written. */
    static final float BOTTOM = 60;
    static final float SMALLEST_FONT = 6;

    final PDFont regular = new PDType1Font(Standard14Fonts.FontName.HELVETICA);
    final PDFont bold = new PDType1Font(Standard14Fonts.FontName.HELVETICA_BOLD);
    final PDFont italic = new PDType1Font(Standard14Fonts.FontName.HELVETICA_OBLIQUE);

    private final PDDocument pdf;
    private final Map<PDFont, Map<Integer, Boolean>> encodable = new HashMap<>();
    private PDPageContentStream content;
    private Runnable continuation = () -> { };
    private float y;

    PdfSheet(PDDocument pdf) {
        this.pdf = pdf;
        newPage();
    }

    float y() {
        return y;
    }

    void moveTo(float newY) {
        y = newY;
    }

    void down(float points) {
        y -= points;
    }

    /** What every further page starts with, until another section says otherwise. */
    void onNewPage(Runnable header) {
        this.continuation = header;
    }

    /** Starts a new page unless {@code height} more points fit on this one. */
    void ensureSpace(float height) {
        if (y - height < BOTTOM) {
            newPage();
            continuation.run();
        }
    }

    void newPage() {
        closeContent();
        PDPage page = new PDPage(SIZE);
        pdf.addPage(page);
        try {
            content = new PDPageContentStream(pdf, page);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        y = TOP;
    }

    void text(String text, float x, float baseline, PDFont font, float size, float gray) {
        String safe = safe(text, font);
        if (safe.isEmpty()) {
            return;
        }
        try {
            content.setNonStrokingColor(gray);
            content.beginText();
            content.setFont(font, size);
            content.newLineAtOffset(x, baseline);
            content.showText(safe);
            content.endText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Text ending at {@code right}; shrunk (down to {@link #SMALLEST_FONT}) when wider than
     * {@code maxWidth}, so a large amount never runs into the column beside it.
     */
    void textRight(String text, float right, float baseline, PDFont font, float size, float maxWidth, float gray) {
        String safe = safe(text, font);
        float fitted = size;
        while (fitted > SMALLEST_FONT && width(safe, font, fitted) > maxWidth) {
            fitted -= 0.5f;
        }
        text(safe, right - width(safe, font, fitted), baseline, font, fitted, gray);
    }

    float width(String text, PDFont font, float size) {
        try {
            return font.getStringWidth(safe(text, font)) / 1000 * size;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Breaks text into lines no wider than {@code width}: at spaces, or inside a word too long for a line. */
    List<String> wrap(String text, PDFont font, float size, float width) {
        List<String> lines = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : safe(text, font).split(" ")) {
            if (word.isEmpty()) {
                continue;
            }
            String candidate = line.isEmpty() ? word : line + " " + word;
            if (width(candidate, font, size) <= width) {
                line.setLength(0);
                line.append(candidate);
                continue;
            }
            if (!line.isEmpty()) {
                lines.add(line.toString());
                line.setLength(0);
            }
            for (int i = 0; i < word.length(); ) {
                int end = i + 1;
                while (end < word.length() && width(word.substring(i, end + 1), font, size) <= width) {
                    end++;
                }
                String piece = word.substring(i, end);
                if (end < word.length()) {
                    lines.add(piece);
                } else {
                    line.append(piece);
                }
                i = end;
            }
        }
        if (!line.isEmpty() || lines.isEmpty()) {
            lines.add(line.toString());
        }
        return lines;
    }

    void rule(float fromX, float toX, float atY, float thickness, float gray) {
        try {
            content.setStrokingColor(gray);
            content.setLineWidth(thickness);
            content.moveTo(fromX, atY);
            content.lineTo(toX, atY);
            content.stroke();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    void shade(float x, float bottom, float width, float height, float gray) {
        try {
            content.setNonStrokingColor(gray);
            content.addRect(x, bottom, width, height);
            content.fill();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the last page and writes "{label} · Page n of m" at the foot of every page. */
    void finish(String label) {
        closeContent();
        int count = pdf.getNumberOfPages();
        for (int i = 0; i < count; i++) {
            try (PDPageContentStream footer = new PDPageContentStream(pdf, pdf.getPage(i), PDPageContentStream.AppendMode.APPEND,
                    true, true)) {
                content = footer;
                rule(LEFT, RIGHT, 42, 0.5f, 0.75f);
                // One line, clear of the page number.
                text(wrap(label, regular, 8, RIGHT - LEFT - 90).getFirst(), LEFT, 30, regular, 8, 0.4f);
                textRight("Page " + (i + 1) + " of " + count, RIGHT, 30, regular, 8, RIGHT - LEFT, 0.4f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        content = null;
    }

    /** The text with every character the font cannot encode replaced; line breaks and tabs become spaces. */
    String safe(String text, PDFont font) {
        if (text == null) {
            return "";
        }
        Map<Integer, Boolean> known = encodable.computeIfAbsent(font, f -> new HashMap<>());
        StringBuilder out = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isWhitespace(c) || Character.isISOControl(c)) {
                out.append(' ');
            } else if (known.computeIfAbsent(c, unknown -> canEncode(font, Character.toString(unknown)))) {
                out.appendCodePoint(c);
            } else {
                out.append(substitute(c, font, known));
            }
        });
        return out.toString();
    }

    private String substitute(int c, PDFont font, Map<Integer, Boolean> known) {
        String common = switch (c) {
            case '→', '⇒', '⟶' -> "->";
            case '←', '⇐' -> "<-";
            case '↔' -> "<->";
            case '≤' -> "<=";
            case '≥' -> ">=";
            case '≠' -> "!=";
            case '≈' -> "~";
            case '−', '‐', '‑', '‒', '―' -> "-";
            case '′' -> "'";
            case '″' -> "\"";
            // Letters NFKD does not decompose.
            case 'Ł' -> "L";
            case 'ł' -> "l";
            case 'Đ' -> "D";
            case 'đ' -> "d";
            case 'ı' -> "i";
            default -> null;
        };
        if (common != null) {
            return common;
        }
        // Accented letters outside Latin-1 (ő, č, ź): the base letter.
        String decomposed = Normalizer.normalize(Character.toString(c), Normalizer.Form.NFKD).replaceAll("\\p{M}", "");
        if (!decomposed.isEmpty() && decomposed.codePoints().allMatch(d -> known.computeIfAbsent(d,
                unknown -> canEncode(font, Character.toString(unknown))))) {
            return decomposed;
        }
        return "?";
    }

    private static boolean canEncode(PDFont font, String character) {
        try {
            font.encode(character);
            return true;
        } catch (IllegalArgumentException | IOException notInEncoding) {
            return false;
        }
    }

    private void closeContent() {
        if (content != null) {
            try {
                content.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            content = null;
        }
    }
}
