using System.Text;

namespace EsaBridge.Core.Sessions;

/// <summary>The envelope recipients of an open message (RID and address bytes), in arrays reused with its state.</summary>
internal sealed class RecipientList
{
    private const int KeptBytes = 4096;

    private byte[] _bytes = new byte[128];
    private int _used;
    private Entry[] _entries = new Entry[4];

    public int Count { get; private set; }

    public long Rid(int index) => _entries[index].Rid;

    public ReadOnlySpan<byte> Address(int index) => _bytes.AsSpan(_entries[index].Start, _entries[index].Length);

    public void Add(long rid, ReadOnlySpan<byte> address)
    {
        if (_bytes.Length - _used < address.Length)
        {
            Array.Resize(ref _bytes, Math.Max(_bytes.Length * 2, _used + address.Length));
        }

        if (Count == _entries.Length)
        {
            Array.Resize(ref _entries, _entries.Length * 2);
        }

        address.CopyTo(_bytes.AsSpan(_used));
        _entries[Count++] = new Entry(rid, _used, address.Length);
        _used += address.Length;
    }

    public void Add(long rid, string address) => Add(rid, Encoding.UTF8.GetBytes(address));

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

    public string[] Addresses()
    {
        string[] addresses = new string[Count];
        for (int i = 0; i < addresses.Length; i++)
        {
            addresses[i] = Encoding.UTF8.GetString(Address(i));
        }

        return addresses;
    }

    public void Clear()
    {
        Count = 0;
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

    private readonly record struct Entry(long Rid, int Start, int Length);
}
