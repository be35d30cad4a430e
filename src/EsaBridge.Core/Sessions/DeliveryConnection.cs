namespace EsaBridge.Core.Sessions;

/// <summary>
/// What the log said about one outbound delivery connection (DCID) of an appliance: one DCID carries many messages,
/// so each recipient's result takes its destination and TLS from here when its status line arrives.
/// </summary>
internal sealed class DeliveryConnection
{
    /// <summary>The <c>address</c> of its <c>New SMTP DCID</c> line, when an IP.</summary>
    public string? DestinationIp;

    /// <summary>The protocol of its <c>DCID d TLS success</c> line (<c>unknown</c> when the line names none).</summary>
    public string? Tls;

    /// <summary>Time of its last line: the oldest leave first when the table is full.</summary>
    public long LastSeconds;
}

/// <summary>
/// An appliance's open delivery connections. Bounded: an entry leaves on <c>DCID d close</c>, when it has been idle
/// longer than <c>--max-open-age</c> (the sessionizer's sweep), and, at <see cref="MaxEntries"/>, the least recently
/// seen sixteenth leaves at once (one sort per sixteenth, as for open messages and connections). A recipient keeps the
/// destination and TLS it was given, so losing an entry only leaves later results of that DCID without them.
/// </summary>
internal sealed class DeliveryConnectionTable
{
    public const int MaxEntries = 4096;

    private readonly Dictionary<long, DeliveryConnection> _byDcid = [];

    public int Count => _byDcid.Count;

    public IEnumerable<KeyValuePair<long, DeliveryConnection>> Entries => _byDcid;

    public DeliveryConnection? Find(long dcid) => _byDcid.GetValueOrDefault(dcid);

    /// <summary>The DCID's entry, made (and the table trimmed) when new.</summary>
    public DeliveryConnection Open(long dcid, long now)
    {
        if (!_byDcid.TryGetValue(dcid, out var c))
        {
            if (_byDcid.Count >= MaxEntries)
            {
                RemoveOldest(MaxEntries / 16);
            }

            c = new DeliveryConnection();
            _byDcid.Add(dcid, c);
        }

        c.LastSeconds = now;
        return c;
    }

    public void Add(long dcid, DeliveryConnection connection) => _byDcid[dcid] = connection;

    public void Close(long dcid) => _byDcid.Remove(dcid);

    /// <summary>Forgets the connections not seen since <paramref name="cutoff"/>.</summary>
    public void RemoveIdle(long cutoff)
    {
        if (_byDcid.Count == 0)
        {
            return;
        }

        List<long>? idle = null;
        foreach (var (dcid, c) in _byDcid)
        {
            if (c.LastSeconds < cutoff)
            {
                (idle ??= []).Add(dcid);
            }
        }

        foreach (long dcid in idle ?? [])
        {
            _byDcid.Remove(dcid);
        }
    }

    private void RemoveOldest(int count)
    {
        var oldest = _byDcid.OrderBy(p => p.Value.LastSeconds).ThenBy(p => p.Key).Take(count).Select(p => p.Key).ToList();
        foreach (long dcid in oldest)
        {
            _byDcid.Remove(dcid);
        }
    }
}
