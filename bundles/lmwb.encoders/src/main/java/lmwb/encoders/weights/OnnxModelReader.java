package lmwb.encoders.weights;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.WireFormat;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lmwb.encoders.spi.NamedTensor;

/**
 * Reads the weights and the architecture of an fp32 BERT-family ONNX graph (as exported by
 * {@code transformers}/{@code optimum}) without generated ONNX classes: the {@code ModelProto} is walked
 * with protobuf's {@link CodedInputStream}.
 *
 * <p>Initializers either keep their Hugging Face names or are anonymous ({@code onnx::MatMul_123}); an
 * anonymous one takes its module path from the node that consumes it
 * ({@code /encoder/layer.0/attention/self/query/MatMul} → {@code encoder.layer.0.attention.self.query}).
 * MatMul weights are stored {@code [in, out]} and are transposed to PyTorch's {@code [out, in]}.
 */
public final class OnnxModelReader {
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final Pattern LAYER = Pattern.compile("^encoder\\.layer\\.(\\d+)\\.");

    /** A parsed graph node. */
    public record Node(String name, String opType, List<String> inputs, List<String> outputs, Map<String, Object> attributes) {
    }

    /** A raw tensor from the graph (initializer or Constant). */
    record RawTensor(String name, long[] dims, int dataType, float[] floats, long[] longs) {
        int size() {
            return dataType == FLOAT ? floats.length : longs == null ? 0 : longs.length;
        }
    }

    /** The graph: nodes, initializers, inputs and outputs. */
    public record Graph(List<Node> nodes, Map<String, RawTensor> initializers, List<String> inputs, List<String> outputs) {
    }

    /** The weights in Hugging Face naming plus the architecture read from the graph. */
    record Result(Map<String, NamedTensor> weights, EncoderConfig config) {
    }

    private OnnxModelReader() {
    }

    /**
     * @param file an {@code .onnx} file
     * @return its weights and config
     * @throws IOException when it cannot be read or is not a BERT-family graph
     */
    static Result read(Path file) throws IOException {
        return toWeights(readGraph(file), file);
    }

    public static Graph readGraph(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            if (ch.size() > Integer.MAX_VALUE) {
                throw new IOException(file + " is larger than 2 GiB; lmwb reads only smaller ONNX files");
            }
            ByteBuffer buf = ch.map(FileChannel.MapMode.READ_ONLY, 0, ch.size());
            CodedInputStream in = CodedInputStream.newInstance(buf);
            in.setSizeLimit(Integer.MAX_VALUE);
            Graph graph = null;
            while (true) {
                int tag = in.readTag();
                if (tag == 0) {
                    break;
                }
                if (WireFormat.getTagFieldNumber(tag) == 7 && WireFormat.getTagWireType(tag) == 2) {
                    int limit = in.pushLimit(in.readRawVarint32());
                    graph = readGraph(in);
                    in.popLimit(limit);
                } else {
                    in.skipField(tag);
                }
            }
            if (graph == null) {
                throw new IOException(file + " holds no ONNX graph (is it an ONNX model file?)");
            }
            return graph;
        } catch (com.google.protobuf.InvalidProtocolBufferException e) {
            throw new IOException(file + " is not a valid ONNX file: " + e.getMessage(), e);
        }
    }

    private static Graph readGraph(CodedInputStream in) throws IOException {
        List<Node> nodes = new ArrayList<>();
        Map<String, RawTensor> inits = new LinkedHashMap<>();
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            if (WireFormat.getTagWireType(tag) != 2 || (field != 1 && field != 5 && field != 11 && field != 12)) {
                in.skipField(tag);
                continue;
            }
            int limit = in.pushLimit(in.readRawVarint32());
            switch (field) {
                case 1 -> nodes.add(readNode(in));
                case 5 -> {
                    RawTensor t = readTensor(in);
                    inits.put(t.name(), t);
                }
                case 11 -> inputs.add(readValueInfoName(in));
                default -> outputs.add(readValueInfoName(in));
            }
            in.popLimit(limit);
        }
        return new Graph(nodes, inits, inputs, outputs);
    }

    private static String readValueInfoName(CodedInputStream in) throws IOException {
        String name = "";
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            if (WireFormat.getTagFieldNumber(tag) == 1) {
                name = in.readStringRequireUtf8();
            } else {
                in.skipField(tag);
            }
        }
        return name;
    }

    private static Node readNode(CodedInputStream in) throws IOException {
        List<String> inputs = new ArrayList<>();
        List<String> outputs = new ArrayList<>();
        String name = "";
        String op = "";
        Map<String, Object> attrs = new HashMap<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> inputs.add(in.readStringRequireUtf8());
                case 2 -> outputs.add(in.readStringRequireUtf8());
                case 3 -> name = in.readStringRequireUtf8();
                case 4 -> op = in.readStringRequireUtf8();
                case 5 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    readAttribute(in, attrs);
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
        return new Node(name, op, inputs, outputs, attrs);
    }

    private static void readAttribute(CodedInputStream in, Map<String, Object> attrs) throws IOException {
        String name = "";
        Object value = null;
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            switch (WireFormat.getTagFieldNumber(tag)) {
                case 1 -> name = in.readStringRequireUtf8();
                case 2 -> value = in.readFloat();
                case 3 -> value = in.readInt64();
                case 5 -> {
                    int limit = in.pushLimit(in.readRawVarint32());
                    value = readTensor(in);
                    in.popLimit(limit);
                }
                default -> in.skipField(tag);
            }
        }
        if (value != null) {
            attrs.put(name, value);
        }
    }

    private static RawTensor readTensor(CodedInputStream in) throws IOException {
        List<Long> dims = new ArrayList<>();
        int type = 0;
        String name = "";
        ByteBuffer raw = null;
        List<Float> floats = new ArrayList<>();
        List<Long> longs = new ArrayList<>();
        while (!in.isAtEnd()) {
            int tag = in.readTag();
            int field = WireFormat.getTagFieldNumber(tag);
            int wire = WireFormat.getTagWireType(tag);
            switch (field) {
                case 1 -> {
                    if (wire == 2) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (!in.isAtEnd()) {
                            dims.add(in.readInt64());
                        }
                        in.popLimit(limit);
                    } else {
                        dims.add(in.readInt64());
                    }
                }
                case 2 -> type = in.readInt32();
                case 4 -> {
                    if (wire == 2) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (!in.isAtEnd()) {
                            floats.add(in.readFloat());
                        }
                        in.popLimit(limit);
                    } else {
                        floats.add(in.readFloat());
                    }
                }
                case 7 -> {
                    if (wire == 2) {
                        int limit = in.pushLimit(in.readRawVarint32());
                        while (!in.isAtEnd()) {
                            longs.add(in.readInt64());
                        }
                        in.popLimit(limit);
                    } else {
                        longs.add(in.readInt64());
                    }
                }
                case 8 -> name = in.readStringRequireUtf8();
                case 9 -> raw = in.readByteBuffer();
                default -> in.skipField(tag);
            }
        }
        long[] d = dims.stream().mapToLong(Long::longValue).toArray();
        float[] f = null;
        long[] l = null;
        if (type == FLOAT) {
            if (raw != null) {
                f = new float[raw.remaining() / 4];
                raw.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(f);
            } else {
                f = new float[floats.size()];
                for (int i = 0; i < f.length; i++) {
                    f[i] = floats.get(i);
                }
            }
        } else if (type == INT64) {
            if (raw != null) {
                l = new long[raw.remaining() / 8];
                raw.order(ByteOrder.LITTLE_ENDIAN).asLongBuffer().get(l);
            } else {
                l = longs.stream().mapToLong(Long::longValue).toArray();
            }
        }
        return new RawTensor(name, d, type, f, l);
    }

    private static Result toWeights(Graph g, Path file) throws IOException {
        Map<String, RawTensor> constants = new HashMap<>(g.initializers());
        for (Node n : g.nodes()) {
            if (n.opType().equals("Constant") && n.attributes().get("value") instanceof RawTensor t) {
                constants.put(n.outputs().get(0), t);
            }
        }
        Map<String, NamedTensor> weights = new LinkedHashMap<>();
        boolean erf = false;
        double eps = Double.NaN;
        double attentionScale = Double.NaN;
        for (Node n : g.nodes()) {
            erf |= n.opType().equals("Erf");
            if (n.opType().equals("LayerNormalization") && n.attributes().get("epsilon") instanceof Float e) {
                eps = e;
            }
            String module = modulePath(n.name());
            for (int i = 0; i < n.inputs().size(); i++) {
                RawTensor t = g.initializers().get(n.inputs().get(i));
                RawTensor c = t != null ? t : constants.get(n.inputs().get(i));
                if (c != null && c.dataType() == FLOAT && c.floats().length == 1) {
                    float v = c.floats()[0];
                    if (module.endsWith("LayerNorm") && n.opType().equals("Add") && Double.isNaN(eps)) {
                        eps = v;
                    }
                    if (module.equals("encoder.layer.0.attention.self") && Double.isNaN(attentionScale)) {
                        if (n.opType().equals("Div")) {
                            attentionScale = 1.0 / v;
                        } else if (n.opType().equals("Mul")) {
                            attentionScale = v;
                        }
                    }
                    continue;
                }
                if (t == null || t.dataType() != FLOAT) {
                    continue;
                }
                String name = t.name();
                boolean anonymous = !name.contains(".") || name.startsWith("onnx::") || !(name.endsWith(".weight")
                        || name.endsWith(".bias"));
                NamedTensor tensor = new NamedTensor(name, t.dims(), t.floats());
                if (!anonymous) {
                    weights.putIfAbsent(name, tensor);
                    continue;
                }
                if (module.isEmpty()) {
                    continue;
                }
                String op = n.opType();
                String weight = module + ".weight";
                String bias = module + ".bias";
                switch (op) {
                    case "MatMul" -> weights.putIfAbsent(weight, Tensors.transposed(tensor, weight));
                    case "Gemm" -> {
                        Object transB = n.attributes().get("transB");
                        if (i == 1) {
                            weights.putIfAbsent(weight, transB instanceof Long tb && tb == 1
                                    ? Tensors.renamed(tensor, weight) : Tensors.transposed(tensor, weight));
                        } else {
                            weights.putIfAbsent(bias, Tensors.renamed(tensor, bias));
                        }
                    }
                    case "Gather", "Mul" -> weights.putIfAbsent(weight, Tensors.renamed(tensor, weight));
                    case "Add", "Add_1" -> weights.putIfAbsent(bias, Tensors.renamed(tensor, bias));
                    case "LayerNormalization" -> {
                        String suffix = i == 1 ? ".weight" : ".bias";
                        weights.putIfAbsent(module + suffix, Tensors.renamed(tensor, module + suffix));
                    }
                    default -> {
                        // Other float initializers (e.g. reshape helpers) carry no parameters.
                    }
                }
            }
        }
        Map<String, NamedTensor> clean = WeightNames.normalize(weights);
        return new Result(clean, configFromGraph(clean, eps, attentionScale, erf, file));
    }

    /** {@code /encoder/layer.0/attention/self/query/MatMul} → {@code encoder.layer.0.attention.self.query}. */
    static String modulePath(String nodeName) {
        if (!nodeName.startsWith("/")) {
            return "";
        }
        int last = nodeName.lastIndexOf('/');
        if (last <= 0) {
            return "";
        }
        String path = nodeName.substring(1, last).replace('/', '.');
        for (String prefix : WeightNames.PREFIXES) {
            if (path.startsWith(prefix)) {
                path = path.substring(prefix.length());
            }
        }
        return path;
    }

    private static EncoderConfig configFromGraph(Map<String, NamedTensor> w, double eps, double scale, boolean erf, Path file)
            throws IOException {
        NamedTensor words = w.get("embeddings.word_embeddings.weight");
        NamedTensor positions = w.get("embeddings.position_embeddings.weight");
        if (words == null || positions == null) {
            throw new IOException(file + " does not look like a BERT-family encoder: no word/position embeddings among "
                    + w.size() + " tensors");
        }
        TreeSet<Integer> layers = new TreeSet<>();
        for (String name : w.keySet()) {
            Matcher m = LAYER.matcher(name);
            if (m.find()) {
                layers.add(Integer.parseInt(m.group(1)));
            }
        }
        if (layers.isEmpty()) {
            throw new IOException(file + " holds no encoder layers (encoder.layer.N.*)");
        }
        int hidden = Tensors.dim(words, 1);
        if (Double.isNaN(scale)) {
            throw new IOException(file + ": cannot find the attention scale constant to derive the number of heads");
        }
        // scale = 1/sqrt(head_dim), or its square root when the export scales q and k separately.
        double headDim = 1.0 / (scale * scale);
        int heads = (int) Math.round(hidden / headDim);
        if (heads < 1 || hidden % heads != 0) {
            double headDim2 = 1.0 / Math.pow(scale, 4);
            heads = (int) Math.round(hidden / headDim2);
        }
        if (heads < 1 || hidden % heads != 0) {
            throw new IOException(file + ": attention scale " + scale + " does not divide hidden size " + hidden);
        }
        NamedTensor types = w.get("embeddings.token_type_embeddings.weight");
        NamedTensor inter = w.get("encoder.layer.0.intermediate.dense.weight");
        return new EncoderConfig("bert", Tensors.dim(words, 0), hidden, hidden, layers.last() + 1, heads,
                inter == null ? 4 * hidden : Tensors.dim(inter, 0), Tensors.dim(positions, 0),
                types == null ? 0 : Tensors.dim(types, 0),
                Double.isNaN(eps) ? 1e-12 : eps, erf ? "gelu" : "gelu_new", 0, 0);
    }
}
