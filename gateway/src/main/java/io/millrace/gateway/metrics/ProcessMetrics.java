package io.millrace.gateway.metrics;

import java.io.IOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The process and JVM series every Prometheus client library exports, under their usual names ({@code process_*},
 * {@code jvm_*}), so that stock dashboards and alerts work on the gateway: CPU, memory, file descriptors, threads,
 * garbage collection. Read from the platform's MX beans at scrape time; nothing on the request path.
 */
public final class ProcessMetrics {

    private static final Path STATUS = Path.of("/proc/self/status");
    private static final Path FDS = Path.of("/proc/self/fd");

    public void render(PrometheusText out) {
        var os = ManagementFactory.getOperatingSystemMXBean();
        if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
            out.family("process_cpu_seconds_total", "counter", "CPU time the process used, user and system")
                    .sample("process_cpu_seconds_total", sun.getProcessCpuTime() / 1e9);
        }
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            out.family("process_open_fds", "gauge", "Open file descriptors")
                    .sample("process_open_fds", unix.getOpenFileDescriptorCount());
            out.family("process_max_fds", "gauge", "Limit of open file descriptors")
                    .sample("process_max_fds", unix.getMaxFileDescriptorCount());
        } else if (Files.isDirectory(FDS)) {
            out.family("process_open_fds", "gauge", "Open file descriptors").sample("process_open_fds", openFds());
        }
        out.family("process_start_time_seconds", "gauge", "When the process started, in seconds since the epoch")
                .sample(
                        "process_start_time_seconds",
                        ManagementFactory.getRuntimeMXBean().getStartTime() / 1e3);
        long resident = residentBytes();
        if (resident >= 0) {
            out.family("process_resident_memory_bytes", "gauge", "Resident memory of the process")
                    .sample("process_resident_memory_bytes", resident);
        }
        var memory = ManagementFactory.getMemoryMXBean();
        MemoryUsage heap = memory.getHeapMemoryUsage();
        MemoryUsage nonHeap = memory.getNonHeapMemoryUsage();
        out.family("jvm_memory_bytes_used", "gauge", "JVM memory in use, heap and non-heap")
                .sample("jvm_memory_bytes_used", heap.getUsed(), "area", "heap")
                .sample("jvm_memory_bytes_used", nonHeap.getUsed(), "area", "nonheap");
        out.family("jvm_memory_bytes_committed", "gauge", "JVM memory committed, heap and non-heap")
                .sample("jvm_memory_bytes_committed", heap.getCommitted(), "area", "heap")
                .sample("jvm_memory_bytes_committed", nonHeap.getCommitted(), "area", "nonheap");
        out.family("jvm_memory_bytes_max", "gauge", "Most JVM memory that may be used; -1 when unbounded")
                .sample("jvm_memory_bytes_max", heap.getMax(), "area", "heap")
                .sample("jvm_memory_bytes_max", nonHeap.getMax(), "area", "nonheap");
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        out.family("jvm_threads_current", "gauge", "Live threads")
                .sample("jvm_threads_current", threads.getThreadCount());
        out.family("jvm_threads_daemon", "gauge", "Live daemon threads")
                .sample("jvm_threads_daemon", threads.getDaemonThreadCount());
        List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
        out.family("jvm_gc_collection_seconds", "summary", "Time spent in garbage collections, per collector");
        for (GarbageCollectorMXBean gc : collectors) {
            out.sample("jvm_gc_collection_seconds_count", Math.max(0, gc.getCollectionCount()), "gc", gc.getName());
            out.sample("jvm_gc_collection_seconds_sum", Math.max(0, gc.getCollectionTime()) / 1e3, "gc", gc.getName());
        }
    }

    private static long openFds() {
        try (var listing = Files.list(FDS)) {
            return listing.count();
        } catch (IOException e) {
            return 0;
        }
    }

    /** VmRSS of /proc/self/status, in bytes; -1 where there is no /proc (not Linux). */
    private static long residentBytes() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
