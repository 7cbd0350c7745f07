package io.millrace.agent.processing;

import java.util.List;

/** dataProcessingOptions in the order given; a record one of them skips goes no further. */
public final class ConverterChain implements RecordConverter {

    private final List<RecordConverter> converters;

    public ConverterChain(List<RecordConverter> converters) {
        this.converters = List.copyOf(converters);
    }

    public static ConverterChain none() {
        return new ConverterChain(List.of());
    }

    @Override
    public byte[] convert(byte[] record) {
        byte[] result = record;
        for (RecordConverter converter : converters) {
            result = converter.convert(result);
            if (result == null) {
                return null;
            }
        }
        return result;
    }

    public int size() {
        return converters.size();
    }
}
