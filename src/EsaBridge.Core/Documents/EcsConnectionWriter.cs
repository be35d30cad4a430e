using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// Writes the connection document (docs/session-document.md, "Connection documents") straight from a finished
/// connection's state, walking <see cref="ConnectionFields.All"/> with a plan of its own (the message path's plan is untouched).
/// </summary>
internal static partial class EcsConnectionWriter
{
    private static readonly DocumentWritePlan<FinishedConnection> WritePlan =
        new DocumentWritePlan<FinishedConnection>(ConnectionFields.All, static field => field.WriteConnection).CheckFields(WriteFieldsPaths).CheckLiterals(WriteFieldsContexts, WriteFieldsLiterals);

    /// <param name="eventId">The connection's <c>event.id</c> (<see cref="EventIdentity.WriteConnectionHex"/>).</param>
    public static void Write(JsonBytes w, in FinishedConnection f, ReadOnlySpan<byte> eventId)
    {
        WriteFields(w, in f, eventId, WritePlan);
    }

    /// <summary>Writes the document with the id it computes.</summary>
    public static void Write(JsonBytes w, in FinishedConnection f)
    {
        Span<byte> eventId = stackalloc byte[EventIdentity.HexBytes];
        EventIdentity.WriteConnectionHex(f.Appliance.NameUtf8, f.Icid, f.Start, eventId);
        Write(w, in f, eventId);
    }

    [GeneratedDocumentWriter(typeof(ConnectionFields), nameof(ConnectionFields.All), nameof(DocumentField.WriteConnection))]
    private static partial void WriteFields(JsonBytes w, in FinishedConnection f, ReadOnlySpan<byte> eventId, DocumentWritePlan<FinishedConnection> plan);
}
