package io.billstream.platform.db;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Properties;

/** The embedded cluster's passwords, generated at initdb and kept in an owner-only file. */
public record EmbeddedCredentials(String superuserPassword, String appPassword) {

    static EmbeddedCredentials generate() {
        return new EmbeddedCredentials(random(), random());
    }

    static EmbeddedCredentials read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return new EmbeddedCredentials(properties.getProperty("superuser"), properties.getProperty("billstream_app"));
    }

    void write(Path file) throws IOException {
        Properties properties = new Properties();
        properties.setProperty("superuser", superuserPassword);
        properties.setProperty("billstream_app", appPassword);
        Files.deleteIfExists(file);
        Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try (Writer writer = Files.newBufferedWriter(file)) {
            properties.store(writer, "Passwords of the embedded PostgreSQL cluster beside this file");
        }
    }

    private static String random() {
        byte[] bytes = new byte[24];
        new SecureRandom().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
