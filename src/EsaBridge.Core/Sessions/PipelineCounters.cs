namespace EsaBridge.Core.Sessions;

/// <summary>What happened to every line and how many documents of each class came out.</summary>
public sealed class PipelineCounters
{
    private readonly long[] _documentsByClass = new long[AbortClassNames.All.Count];

    public long LinesRead { get; internal set; }

    /// <summary>Lines that fed a document or a header.</summary>
    public long Used { get; internal set; }

    /// <summary>Well-formed lines no document needs.</summary>
    public long NotUsed { get; internal set; }

    /// <summary>Broken lines, counted and skipped.</summary>
    public long Malformed { get; internal set; }

    /// <summary>Messages sent out as incomplete documents because the open-message limit was reached.</summary>
    public long EvictedMessages { get; internal set; }

    /// <summary>Connections forgotten because the open-connection limit was reached.</summary>
    public long EvictedConnections { get; internal set; }

    /// <summary>Connection documents written (not counted in <see cref="Documents"/>, which counts session documents).</summary>
    public long ConnectionDocuments { get; internal set; }

    /// <summary><c>ICID 0 TCPREFUSE</c> lines: connections refused before they got an ICID, counted, no document each.</summary>
    public long RefusedWithoutIcid { get; internal set; }

    public long Documents
    {
        get
        {
            long total = 0;
            foreach (long count in _documentsByClass)
            {
                total += count;
            }

            return total;
        }
    }

    public long DocumentsOf(AbortClass abortClass) => _documentsByClass[(int)abortClass];

    internal void CountDocument(AbortClass abortClass) => _documentsByClass[(int)abortClass]++;
}
