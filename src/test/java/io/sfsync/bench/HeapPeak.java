package io.sfsync.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.List;

/** Peak heap of this JVM between {@link #reset()} and {@link #read()}, from the heap memory pools. */
record HeapPeak(List<MemoryPoolMXBean> pools) {

    record Result(long heapSum, long oldGen, long afterGc) {
    }

    static HeapPeak reset() {
        List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).toList();
        System.gc();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        return new HeapPeak(heap);
    }

    Result read() {
        long sum = 0;
        long old = 0;
        for (MemoryPoolMXBean p : pools) {
            long used = p.getPeakUsage().getUsed();
            sum += used;
            if (p.getName().contains("Old Gen") || p.getName().contains("Tenured")) {
                old = used;
            }
        }
        System.gc();
        return new Result(sum, old, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
}
