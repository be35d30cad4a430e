using System.Runtime.CompilerServices;
using System.Text;

namespace EsaBridge.Core.Sessions;

/// <summary>
/// The recipients of an open message: RID, address bytes and what became of each (status, DCID, reply, status code,
/// destination, TLS, time), in arrays reused with its state. A status line for a RID the log never named (it began
/// after the message's <c>To:</c> lines) adds a recipient without an address.
/// </summary>
internal sealed class RecipientList
{
    private const int KeptBytes = 4096;

    private byte[] _bytes = new byte[128];
    private int _used;
    private Entry[] _entries = new Entry[4];

    public int Count { get; private set; }

    /// <summary>How many recipients have an address (what <c>email.to.address</c> lists).</summary>
    public int AddressCount { get; private set; }

    // The accessors the document writer calls for every recipient, inline there (docs/PERFORMANCE.md, issue 18).
    public long Rid(int index) => _entries[index].Rid;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool HasAddress(int index) => _entries[index].Address.Length >= 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Address(int index) => Text(_entries[index].Address);

    public RecipientStatus Status(int index) => _entries[index].Status;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public long? Dcid(int index) => _entries[index].HasDcid ? _entries[index].Dcid : null;

    /// <summary>Time of the line that gave the status; 0 while pending.</summary>
    public long StatusSeconds(int index) => _entries[index].Seconds;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool HasResponse(int index) => _entries[index].Response.Length >= 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Response(int index) => Text(_entries[index].Response);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public bool HasStatusCode(int index) => _entries[index].StatusCode.Length >= 0;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> StatusCode(int index) => Text(_entries[index].StatusCode);

    public string? DestinationIp(int index) => _entries[index].DestinationIp;

    public string? Tls(int index) => _entries[index].Tls;

    /// <summary>A <c>RID r To:</c> line: fills the address of a recipient a status line made, else adds one.</summary>
    public void Add(long rid, ReadOnlySpan<byte> address)
    {
        int existing = IndexOf(rid);
        if (existing >= 0 && !HasAddress(existing))
        {
            _entries[existing].Address = Store(address);
            AddressCount++;
            return;
        }

        Append(rid).Address = Store(address);
        AddressCount++;
    }

    public void Add(long rid, string address) => Add(rid, Encoding.UTF8.GetBytes(address));

    /// <summary>A recipient refused before it got a RID (kept in a list of its own: it is no recipient of the message).</summary>
    public void AddRejected(ReadOnlySpan<byte> address, ReadOnlySpan<byte> reason, long seconds)
    {
        ref var e = ref Append(-1);
        e.Address = Store(address);
        AddressCount++;
        e.Status = RecipientStatus.Rejected;
        e.Seconds = seconds;
        e.Response = Store(reason);
    }

    /// <summary>The recipient with this RID, added (without an address) when the log has not named it.</summary>
    public int Find(long rid)
    {
        int index = IndexOf(rid);
        if (index < 0)
        {
            Append(rid);
            index = Count - 1;
        }

        return index;
    }

    /// <summary>A new result: the reply and status code of an earlier one (a delay) are forgotten.</summary>
    public void SetStatus(int index, RecipientStatus status, long? dcid, long seconds, DeliveryConnection? connection)
    {
        ref var e = ref _entries[index];
        e.Status = status;
        e.HasDcid = dcid.HasValue;
        e.Dcid = dcid ?? 0;
        e.Seconds = seconds;
        e.Response = Slice.None;
        e.StatusCode = Slice.None;
        e.DestinationIp = connection?.DestinationIp;
        e.Tls = connection?.Tls;
    }

    public void SetResponse(int index, ReadOnlySpan<byte> response)
    {
        _entries[index].Response = Store(response);
    }

    public void SetStatusCode(int index, ReadOnlySpan<byte> code)
    {
        _entries[index].StatusCode = Store(code);
    }

    /// <summary>Restores a saved recipient's result (checkpoints, records).</summary>
    public void Restore(int index, RecipientStatus status, long? dcid, long seconds, string? response, string? code, string? destination, string? tls)
    {
        ref var e = ref _entries[index];
        e.Status = status;
        e.HasDcid = dcid.HasValue;
        e.Dcid = dcid ?? 0;
        e.Seconds = seconds;
        e.Response = response is null ? Slice.None : Store(Encoding.UTF8.GetBytes(response));
        e.StatusCode = code is null ? Slice.None : Store(Encoding.UTF8.GetBytes(code));
        e.DestinationIp = destination;
        e.Tls = tls;
    }

    /// <summary>A recipient saved without an address (a status line named its RID only).</summary>
    public void AddWithoutAddress(long rid)
    {
        Append(rid);
    }

    /// <summary>Gives every pending recipient the message's fate (quarantined, dropped or bounced as a whole).</summary>
    public void ResolvePending(RecipientStatus fate)
    {
        for (int i = 0; i < Count; i++)
        {
            if (_entries[i].Status == RecipientStatus.Pending)
            {
                _entries[i].Status = fate;
            }
        }
    }

    /// <summary>
    /// Sorts by RID, only when out of order (they are logged in order). The same sort as a
    /// <see cref="List{T}"/> of the pairs, so equal RIDs end up in the same order as they always did.
    /// </summary>
    public void SortByRid()
    {
        for (int i = 1; i < Count; i++)
        {
            if (_entries[i].Rid < _entries[i - 1].Rid)
            {
                _entries.AsSpan(0, Count).Sort((a, b) => a.Rid.CompareTo(b.Rid));
                return;
            }
        }
    }

    /// <summary>The addresses, in list order, of the recipients that have one.</summary>
    public string[] Addresses()
    {
        string[] addresses = new string[AddressCount];
        int n = 0;
        for (int i = 0; i < Count; i++)
        {
            if (HasAddress(i))
            {
                addresses[n++] = Encoding.UTF8.GetString(Address(i));
            }
        }

        return addresses;
    }

    public void Clear()
    {
        Count = 0;
        AddressCount = 0;
        _used = 0;
        if (_bytes.Length > KeptBytes)
        {
            _bytes = new byte[128];
        }

        if (_entries.Length > 64)
        {
            _entries = new Entry[4];
        }
    }

    /// <summary>RIDs are usually 0..n-1 in order, so the RID is first tried as the index.</summary>
    private int IndexOf(long rid)
    {
        if ((ulong)rid < (ulong)Count && _entries[rid].Rid == rid)
        {
            return (int)rid;
        }

        for (int i = 0; i < Count; i++)
        {
            if (_entries[i].Rid == rid)
            {
                return i;
            }
        }

        return -1;
    }

    private ref Entry Append(long rid)
    {
        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        ref var e = ref _entries[Count++];
        e = new Entry { Rid = rid, Address = Slice.None, Response = Slice.None, StatusCode = Slice.None };
        return ref e;
    }

    private Slice Store(ReadOnlySpan<byte> text)
    {
        if (_bytes.Length - _used < text.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + text.Length));
        }

        text.CopyTo(_bytes.AsSpan(_used));
        var slice = new Slice(_used, text.Length);
        _used += text.Length;
        return slice;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private ReadOnlySpan<byte> Text(Slice slice) => slice.Length < 0 ? default : _bytes.AsSpan(slice.Start, slice.Length);

    /// <summary>Bytes of <see cref="_bytes"/>; a length of -1 is no value.</summary>
    private readonly record struct Slice(int Start, int Length)
    {
        public static readonly Slice None = new(0, -1);
    }

    private struct Entry
    {
        public long Rid;
        public Slice Address;
        public RecipientStatus Status;
        public bool HasDcid;
        public long Dcid;
        public long Seconds;
        public Slice Response;
        public Slice StatusCode;
        public string? DestinationIp;
        public string? Tls;
    }
}
