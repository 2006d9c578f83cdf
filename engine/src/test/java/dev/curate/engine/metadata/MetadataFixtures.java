package dev.curate.engine.metadata;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The field-case files and the real metadata the metadata tests read. */
final class MetadataFixtures {

    /** TCGA layout (field case C10): SLIDE-A with a quoted comma, SLIDE-C without embeddings. */
    static final String C10_TCGA = "slide_id,tissue,primary_diagnosis,tissue_diagnosis,num_tiles\n"
            + "SLIDE-A,Lung,\"Squamous cell carcinoma, keratinizing\","
            + "\"Lung_Squamous cell carcinoma, keratinizing\",5417\n"
            + "SLIDE-C,Lung,Adenocarcinoma,Lung_Adenocarcinoma,10\n";

    /** GTEx layout (field case C10): other column order. */
    static final String C10_GTEX = "slide_id,tissue_diagnosis,num_tiles,tissue\n"
            + "SLIDE-B,Skin,6533,Skin\n";

    private MetadataFixtures() {
    }

    /** Returns the repository's real metadata folder ({@code -Dcurate.metadata} overrides). */
    static Path realDir() {
        return Path.of(System.getProperty("curate.metadata", "../data/metadata"));
    }

    /** Returns the two public metadata CSVs, TCGA first. */
    static List<Path> realFiles() {
        return List.of(realDir().resolve("TCGA_tissue_metadata.csv"),
                realDir().resolve("GTEx_tissue_metadata.csv"));
    }

    static Path write(Path file, String text) throws IOException {
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /** Returns the C10 files, TCGA layout first. */
    static List<Path> c10(Path dir) throws IOException {
        return List.of(write(dir.resolve("tcga.csv"), C10_TCGA),
                write(dir.resolve("gtex.csv"), C10_GTEX));
    }

    /** Returns a pool of field case C08: groups A (1 tile), B (2 tiles), C (97 tiles). */
    static MetadataPool c08() {
        return new MetadataPool("tissue_diagnosis", List.of("a1", "b1", "c1", "c2"),
                new long[] {1, 2, 40, 57}, new int[] {0, 1, 2, 2}, List.of("A", "B", "C"));
    }
}
