namespace EsaBridge.Bench.Generation;

/// <summary>The state every actor shares: the writer, the seeded random source, the counters and the ground truth.</summary>
internal sealed class Simulation
{
    public Simulation(GeneratorOptions options, Utf8LogWriter writer)
    {
        Options = options;
        Writer = writer;
        Random = new Random(options.Seed);
        Vocabulary = Vocabulary.Create(Random);
        Hosts = HostPool.Create(Random, Vocabulary);
        Ids = new IdCounters(options);
    }

    public GeneratorOptions Options { get; }

    public Utf8LogWriter Writer { get; }

    public Random Random { get; }

    public Vocabulary Vocabulary { get; }

    public HostPool Hosts { get; }

    public IdCounters Ids { get; }

    public EventScheduler Scheduler { get; } = new();

    /// <summary>The documents the log will produce, by abort class: what a correct parser must find.</summary>
    public DocumentCounts Truth { get; } = new();

    /// <summary>The open delivery connections, shared by the messages to one destination.</summary>
    public DeliveryPool Delivery { get; } = new();

    /// <summary>How the finished messages left the appliance (ground truth for the disposition).</summary>
    public DispositionCounts Dispositions { get; } = new();

    /// <summary>How the inbound connections ended (ground truth for the connection documents).</summary>
    public ConnectionCounts ConnectionEndings { get; } = new();

    /// <summary>Set once the target size is reached: no new connections, and the status timer stops.</summary>
    public bool Stopping { get; set; }

    public void Schedule(SimActor actor, long dueMs) => Scheduler.Schedule(actor, dueMs);

    /// <summary>Records a <c>Message finished</c> line in the ground truth.</summary>
    public void Finished(AbortClass abortClass, bool nearTimeout) => Truth.Add(abortClass, nearTimeout);

    /// <summary>A uniformly drawn delay in milliseconds, <paramref name="minMs"/> inclusive to <paramref name="maxMs"/> exclusive.</summary>
    public long Delay(int minMs, int maxMs) => Random.Next(minMs, maxMs);
}
