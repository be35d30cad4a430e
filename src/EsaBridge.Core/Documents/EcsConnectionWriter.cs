using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// Writes the connection document (docs/session-document.md, "Connection documents") straight from a finished
/// connection's state, walking <see cref="ConnectionFields.All"/> with a plan of its own (the message path's plan is untouched).
/// </summary>
internal static class EcsConnectionWriter
{
    private static readonly DocumentWritePlan<ConnectionFieldWriter> WritePlan = new(ConnectionFields.All, static field => field.WriteConnection);

    /// <param name="eventId">The connection's <c>event.id</c> (<see cref="EventIdentity.WriteConnectionHex"/>).</param>
    public static void Write(JsonBytes w, in FinishedConnection f, ReadOnlySpan<byte> eventId)
    {
        var plan = WritePlan;
        var writers = plan.Writers;
        var runEnds = plan.ConstantRunEnds;
        var bytes = plan.Bytes;
        int last = -1;
        int row = plan.Row(last);
        for (int i = 0; i < writers.Length; i++)
        {
            int mark = w.Count;
            int before = plan.Before(row, i);
            w.RawPadded(bytes, DocumentWritePlan<ConnectionFieldWriter>.Offset(before), DocumentWritePlan<ConnectionFieldWriter>.Length(before));
            if (writers[i] is not { } write)
            {
                i = runEnds[i];
            }
            else if (!write(w, in f, eventId))
            {
                w.Truncate(mark);
                continue;
            }

            last = i;
            row = plan.Row(last);
        }

        int after = plan.After(last);
        w.RawPadded(bytes, DocumentWritePlan<ConnectionFieldWriter>.Offset(after), DocumentWritePlan<ConnectionFieldWriter>.Length(after));
    }

    /// <summary>Writes the document with the id it computes.</summary>
    public static void Write(JsonBytes w, in FinishedConnection f)
    {
        Span<byte> eventId = stackalloc byte[EventIdentity.HexBytes];
        EventIdentity.WriteConnectionHex(f.Appliance.NameUtf8, f.Icid, f.Start, eventId);
        Write(w, in f, eventId);
    }
}
