namespace EsaBridge.Delivery;

/// <summary>One encoded document on its way to an output: its id (<c>event.id</c>) and its JSON bytes.</summary>
internal sealed record OutgoingDocument(string Id, ReadOnlyMemory<byte> Json)
{
    public int Size => Json.Length;
}
