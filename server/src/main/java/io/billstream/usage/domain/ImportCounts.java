package io.billstream.usage.domain;

/** How many lines an import has read, and what became of them: every line read is one of the three. */
public record ImportCounts(long linesRead, long accepted, long duplicates, long rejected) {

    public static final ImportCounts NONE = new ImportCounts(0, 0, 0, 0);

    public ImportCounts {
        if (linesRead != accepted + duplicates + rejected) {
            throw new IllegalArgumentException("lines read (" + linesRead + ") must be accepted + duplicates + rejected");
        }
    }

    public ImportCounts plus(ImportCounts more) {
        return new ImportCounts(linesRead + more.linesRead, accepted + more.accepted, duplicates + more.duplicates,
                rejected + more.rejected);
    }
}
