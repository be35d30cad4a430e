using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// Writes the contract's ECS document (docs/session-document.md) straight from a finished message's state: the
/// one writer of that document. It walks <see cref="SessionFields.All"/> in order, writing each field's value as
/// its declaration says; the objects the dotted paths imply are opened and closed by a plan made once from the
/// paths, so an object is opened only when a field in it has a value (no empty objects). The Splunk event is derived
/// from its bytes (<see cref="SplunkEventTranscoder"/>).
/// </summary>
internal static partial class EcsMessageWriter
{
    public const string EcsVersion = "8.11.0";

    private static readonly DocumentWritePlan<FinishedMessage> WritePlan =
        new DocumentWritePlan<FinishedMessage>(SessionFields.All, static field => field.Write).CheckFields(WriteFieldsPaths).CheckLiterals(WriteFieldsContexts, WriteFieldsLiterals);

    public static void Write(JsonBytes w, in FinishedMessage f)
    {
        Span<byte> eventId = stackalloc byte[EventIdentity.HexBytes];
        EventIdentity.WriteHex(f.Appliance.NameUtf8, f.Mid, f.Start, eventId);
        Write(w, in f, eventId);
    }

    /// <param name="eventId">The message's <c>event.id</c> (<see cref="EventIdentity.WriteHex"/>), when the caller already has it.</param>
    public static void Write(JsonBytes w, in FinishedMessage f, ReadOnlySpan<byte> eventId)
    {
        WriteFields(w, in f, eventId, WritePlan);
    }

    [GeneratedDocumentWriter(typeof(SessionFields), nameof(SessionFields.All), nameof(DocumentField.Write))]
    private static partial void WriteFields(JsonBytes w, in FinishedMessage f, ReadOnlySpan<byte> eventId, DocumentWritePlan<FinishedMessage> plan);
}
