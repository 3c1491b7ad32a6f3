package lmwb.training;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lmwb.training.spi.ParameterStore;

/**
 * Writes and reads portable checkpoints: {@code model.json} ({@link ModelSpec}), {@code model.safetensors}
 * with the combiner's and head's parameters, and {@code encoder-<i>.safetensors} with each fine-tuned
 * encoder's parameters under their canonical Hugging Face names (so {@code W_ft − W_base} can be taken
 * against the base model).
 */
final class Checkpoints {
    static final String DESCRIPTION = "model.json";
    static final String WEIGHTS = "model.safetensors";
    /** Each run's checkpoint is {@code outDir/seed-<seed>}. */
    static final String SEED_PREFIX = "seed-";
    static final Gson GSON = new GsonBuilder().setPrettyPrinting().serializeSpecialFloatingPointValues()
            .serializeNulls().create();

    private Checkpoints() {
    }

    /** The prefix of encoder {@code i}'s parameters in a store. */
    static String encoderPrefix(int i) {
        return "encoder." + i + ".";
    }

    static void save(Path dir, ModelSpec spec, ParameterStore store) throws IOException {
        Files.createDirectories(dir);
        Map<String, float[]> own = new LinkedHashMap<>();
        Map<String, long[]> shapes = new LinkedHashMap<>();
        List<Map<String, float[]>> enc = new java.util.ArrayList<>();
        List<Map<String, long[]>> encShapes = new java.util.ArrayList<>();
        for (int i = 0; i < spec.encoders().size(); i++) {
            enc.add(new LinkedHashMap<>());
            encShapes.add(new LinkedHashMap<>());
        }
        store.all().forEach((name, a) -> {
            long[] shape = a.getShape().getShape();
            if (name.startsWith("encoder.")) {
                int dot = name.indexOf('.', "encoder.".length());
                int i = Integer.parseInt(name.substring("encoder.".length(), dot));
                String canonical = name.substring(dot + 1);
                enc.get(i).put(canonical, a.toFloatArray());
                encShapes.get(i).put(canonical, shape);
            } else {
                own.put(name, a.toFloatArray());
                shapes.put(name, shape);
            }
        });
        SafetensorsWriter.write(dir.resolve(WEIGHTS), own, shapes, Map.of("format", ModelSpec.FORMAT));
        for (int i = 0; i < spec.encoders().size(); i++) {
            String file = spec.encoders().get(i).weights();
            if (file != null) {
                SafetensorsWriter.write(dir.resolve(file), enc.get(i), encShapes.get(i),
                        Map.of("base_model", spec.encoders().get(i).reference(),
                                "base_hash", spec.encoders().get(i).contentHash()));
            }
        }
        Path tmp = dir.resolve(DESCRIPTION + ".tmp");
        Files.writeString(tmp, GSON.toJson(spec), StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(DESCRIPTION), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Finds the checkpoint a user means by a folder: the folder itself when it has a {@code model.json}, else
     * its only {@code seed-*} checkpoint (the folder {@code train --out} wrote for one run).
     *
     * @param dir a checkpoint folder or a {@code train --out} folder
     * @return the checkpoint folder
     * @throws IOException when the folder holds no checkpoint
     * @throws IllegalArgumentException when it holds several, one per seed (the message lists them)
     */
    static Path locate(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(DESCRIPTION))) {
            return dir;
        }
        if (!Files.isDirectory(dir)) {
            throw new IOException(dir + " is not a checkpoint: no such folder");
        }
        List<Path> seeds;
        try (java.util.stream.Stream<Path> s = Files.list(dir)) {
            seeds = s.filter(p -> p.getFileName().toString().startsWith(SEED_PREFIX)
                    && Files.isRegularFile(p.resolve(DESCRIPTION)))
                    .sorted(java.util.Comparator.comparingLong(Checkpoints::seedOf)
                            .thenComparing(p -> p.getFileName().toString()))
                    .toList();
        }
        if (seeds.size() == 1) {
            return seeds.get(0);
        }
        if (seeds.isEmpty()) {
            throw new IOException(dir + " is not a checkpoint: it has no " + DESCRIPTION + " and no " + SEED_PREFIX
                    + "* checkpoint folders (give a folder written by 'train --out' or one of its " + SEED_PREFIX
                    + "* folders)");
        }
        throw new IllegalArgumentException(dir + " holds " + seeds.size() + " checkpoints, one per seed ("
                + String.join(", ", seeds.stream().map(p -> p.getFileName().toString()).toList())
                + "): choose one, e.g. --checkpoint " + seeds.get(0));
    }

    private static long seedOf(Path p) {
        try {
            return Long.parseLong(p.getFileName().toString().substring(SEED_PREFIX.length()));
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }

    static ModelSpec read(Path dir) throws IOException {
        Path f = dir.resolve(DESCRIPTION);
        if (!Files.isRegularFile(f)) {
            throw new IOException(dir + " is not a checkpoint: it has no " + DESCRIPTION);
        }
        ModelSpec spec;
        try {
            spec = GSON.fromJson(Files.readString(f, StandardCharsets.UTF_8), ModelSpec.class);
        } catch (RuntimeException e) {
            throw new IOException(f + " is not a valid checkpoint description: " + e.getMessage(), e);
        }
        if (spec == null || !ModelSpec.FORMAT.equals(spec.format())) {
            throw new IOException(f + " has format " + (spec == null ? null : spec.format()) + ", expected "
                    + ModelSpec.FORMAT);
        }
        return spec;
    }
}
