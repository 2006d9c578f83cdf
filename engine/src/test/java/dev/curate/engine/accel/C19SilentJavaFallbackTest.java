package dev.curate.engine.accel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.aparapi.Kernel;
import com.aparapi.Range;
import com.aparapi.device.Device;
import com.aparapi.device.OpenCLDevice;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.bcel.classfile.ClassParser;
import org.apache.bcel.classfile.Constant;
import org.apache.bcel.classfile.ConstantDouble;
import org.apache.bcel.classfile.Field;
import org.apache.bcel.classfile.JavaClass;
import org.apache.bcel.classfile.Method;
import org.apache.bcel.generic.ConstantPoolGen;
import org.apache.bcel.generic.InstructionHandle;
import org.apache.bcel.generic.MethodGen;
import org.apache.bcel.generic.Type;
import org.apache.bcel.generic.TypedInstruction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Field case C19 (b): a kernel Aparapi cannot run on the OpenCL device must fail, not run on
 * Java threads unnoticed; and the production kernel carries no double arithmetic, the usual
 * cause of that fallback on devices without fp64.
 */
class C19SilentJavaFallbackTest {

    private static OpenCLDevice device;

    /** Uses a {@code switch}, which Aparapi does not translate to OpenCL. */
    static final class SwitchKernel extends Kernel {
        final int[] out = new int[8];

        @Override
        public void run() {
            int i = getGlobalId();
            switch (i % 3) {
                case 0:
                    out[i] = 7;
                    break;
                case 1:
                    out[i] = 8;
                    break;
                default:
                    out[i] = 9;
            }
        }
    }

    /** The same result without a {@code switch}: Aparapi translates it. */
    static final class PlainKernel extends Kernel {
        final int[] out = new int[8];

        @Override
        public void run() {
            int i = getGlobalId();
            out[i] = 7 + i % 3;
        }
    }

    /** Scales by a double literal ({@code 0.5} instead of {@code 0.5f}): needs fp64. */
    static final class DoubleLiteralKernel extends Kernel {
        final float[] values = new float[8];

        @Override
        public void run() {
            int i = getGlobalId();
            values[i] = (float) (values[i] * 0.5);
        }
    }

    @BeforeAll
    static void findDevice() {
        try {
            List<OpenCLDevice> all = new ArrayList<>(OpenCLDevice.listDevices(Device.TYPE.GPU));
            all.addAll(OpenCLDevice.listDevices(Device.TYPE.CPU));
            device = all.isEmpty() ? null : all.get(0);
        } catch (LinkageError | RuntimeException e) {
            device = null;
        }
    }

    @Test
    void c19UntranslatableKernelOnTheDeviceThrowsInsteadOfRunningInJava() {
        assumeTrue(device != null, "no OpenCL device on this machine");
        SwitchKernel kernel = new SwitchKernel();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ClExecution.runOnDevice(kernel, device, 8, 1));
            assertTrue(e.getMessage().startsWith("kernel SwitchKernel cannot run on "
                    + ClExecution.describe(device) + ", Aparapi would fall back to Java threads"),
                    e.getMessage());
            assertArrayEquals(new int[8], kernel.out, "the kernel must not have run in Java");
        } finally {
            kernel.dispose();
        }
    }

    @Test
    void c19SilentJavaFallbackOfARangeWithoutDeviceIsDetected() {
        SwitchKernel kernel = new SwitchKernel();
        try {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> ClExecution.run(kernel, Range.create(8), "an OpenCL device"));
            assertTrue(e.getMessage().startsWith("kernel SwitchKernel ran on Java"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("(Aparapi's silent Java fallback), not on an "
                    + "OpenCL device"), e.getMessage());
            assertArrayEquals(new int[] {7, 8, 9, 7, 8, 9, 7, 8}, kernel.out,
                    "Aparapi did run it, on Java threads");
        } finally {
            kernel.dispose();
        }
    }

    @Test
    void translatableKernelRunsOnTheDevice() {
        assumeTrue(device != null, "no OpenCL device on this machine");
        PlainKernel kernel = new PlainKernel();
        try {
            ClExecution.runOnDevice(kernel, device, 8, 1);
            assertTrue(kernel.isRunningCL());
            assertArrayEquals(new int[] {7, 8, 9, 7, 8, 9, 7, 8}, kernel.out);
        } finally {
            kernel.dispose();
        }
    }

    @Test
    void c19AssignKernelHasNoDoubleConstantsOrArithmetic() throws IOException {
        assertEquals(List.of(), doubleUses(AssignKernel.class));
    }

    @Test
    void doubleScanFindsTheDoubleLiteral() throws IOException {
        List<String> uses = doubleUses(DoubleLiteralKernel.class);
        assertTrue(uses.contains("constant pool: 0.5"), uses.toString());
        assertTrue(uses.contains("run: f2d"), uses.toString());
        assertTrue(uses.contains("run: dmul"), uses.toString());
    }

    /**
     * Lists every double in the class: constants in its pool, fields, and instructions whose
     * type is double (literals such as {@code 0.0} and {@code 1.0} are instructions, not pool
     * entries).
     */
    private static List<String> doubleUses(Class<?> type) throws IOException {
        String resource = type.getName().replace('.', '/') + ".class";
        JavaClass jc;
        try (InputStream in = type.getClassLoader().getResourceAsStream(resource)) {
            assertTrue(in != null, "class file not found: " + resource);
            jc = new ClassParser(in, resource).parse();
        }
        List<String> uses = new ArrayList<>();
        for (Constant c : jc.getConstantPool().getConstantPool()) {
            if (c instanceof ConstantDouble) {
                uses.add("constant pool: " + ((ConstantDouble) c).getBytes());
            }
        }
        for (Field f : jc.getFields()) {
            if (f.getType().equals(Type.DOUBLE)) {
                uses.add("field: " + f.getName());
            }
        }
        ConstantPoolGen pool = new ConstantPoolGen(jc.getConstantPool());
        for (Method m : jc.getMethods()) {
            if (m.getCode() == null) {
                continue;
            }
            MethodGen gen = new MethodGen(m, jc.getClassName(), pool);
            for (InstructionHandle h : gen.getInstructionList().getInstructionHandles()) {
                if (h.getInstruction() instanceof TypedInstruction
                        && ((TypedInstruction) h.getInstruction()).getType(pool)
                                .equals(Type.DOUBLE)) {
                    uses.add(m.getName() + ": " + h.getInstruction().getName());
                }
            }
        }
        return uses;
    }
}
