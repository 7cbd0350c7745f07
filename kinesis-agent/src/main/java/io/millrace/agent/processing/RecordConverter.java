package io.millrace.agent.processing;

/** One of the agent's dataProcessingOptions: a record in, the record to send out, or null to skip it. */
public interface RecordConverter {

    byte[] convert(byte[] record);
}
