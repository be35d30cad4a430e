namespace EsaBridge.Core.Documents;

/// <summary>Documents as NDJSON: one JSON object and a newline each (<c>esabridge parse</c>).</summary>
public sealed class NdjsonDocumentSink(
    Func<ArraySegment<byte>, byte[]> handOff, byte[] first, int flushBytes, string? writingThread = null, Threading.StageWorkers? workers = null)
    : DocumentSink(handOff, first, flushBytes, writingThread, workers)
{
    internal override void WriteDocument(in Sessions.FinishedMessage message)
    {
        EcsMessageWriter.Write(Json, in message);
        Json.Raw((byte)'\n');
        Written();
    }

    internal override void WriteDocument(in Sessions.FinishedConnection connection)
    {
        EcsConnectionWriter.Write(Json, in connection);
        Json.Raw((byte)'\n');
        Written();
    }
}
