namespace Drover.Bench;

/// <summary>Collections by generation and the time the process spent paused for them, to subtract two readings.</summary>
internal readonly record struct GcActivity(int Gen0, int Gen1, int Gen2, TimeSpan Paused, long Allocated)
{
    public static GcActivity Now() =>
        new(GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration(), GC.GetTotalAllocatedBytes());

    public static GcActivity operator -(GcActivity a, GcActivity b) =>
        new(a.Gen0 - b.Gen0, a.Gen1 - b.Gen1, a.Gen2 - b.Gen2, a.Paused - b.Paused, a.Allocated - b.Allocated);

    public override string ToString() =>
        $"{Gen0} gen0 / {Gen1} gen1 / {Gen2} gen2, paused {Paused.TotalMilliseconds:F0} ms in all, {Allocated / 1048576.0:F0} MiB allocated";
}
