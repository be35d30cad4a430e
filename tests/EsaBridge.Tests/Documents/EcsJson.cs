using System.Text;
using EsaBridge.Core.Documents;
using EsaBridge.Core.Parsing;
using EsaBridge.Core.Sessions;

namespace EsaBridge.Tests;

/// <summary>
/// A record's ECS document as the one writer (<see cref="EcsMessageWriter"/>) writes it: the record's values are put
/// back into the sessionizer's state (<see cref="FinishedMessage.ToRecord"/> backwards) and that state is written.
/// For tests that make records by hand or keep records from a run.
/// </summary>
public static class EcsJson
{
    public static string ToJson(SessionRecord record) => Encoding.UTF8.GetString(ToUtf8(record));

    public static byte[] ToUtf8(SessionRecord record)
    {
        var appliance = new ApplianceState(0, record.Appliance) { Version = record.ObserverVersion, SerialNumber = record.ObserverSerialNumber };
        var message = new MessageState
        {
            Icid = record.Icid ?? -1,
            Started = true,
            StartSeconds = record.StartSeconds,
            Size = record.Size,
            Dcids = record.Dcids.Count > 0 ? [.. record.Dcids] : null,
            Policy = record.Policy,
            ParentMid = record.ParentMid,
            Derivation = Enum.GetValues<Derivation>().FirstOrDefault(d => DerivationNames.Of(d) == record.Derivation),
            DerivedMids = record.DerivedMids.Count > 0 ? [.. record.DerivedMids] : null,
            Connection = record.Connection is { } c ? State(c) : null,
            LogPath = record.LogPath,
            Verdicts = record.Verdicts?.ToState(),
        };
        message.From.Set(record.From);
        message.MessageId.Set(record.MessageId);
        message.Subject.Set(record.Subject);
        message.AbortReason.Set(record.Reason);
        if (record.Recipients.Count > 0)
        {
            RestoreRecipients(message, record.Recipients);
        }
        else
        {
            for (int rid = 0; rid < record.To.Count; rid++)
            {
                message.Recipients.Add(rid, record.To[rid]);
            }
        }

        message.Quarantines = record.Quarantines.Count > 0 ? [.. record.Quarantines] : null;
        if (record.Disposition is null)
        {
            DispositionRules.Decide(message, record.Outcome);
        }
        else
        {
            message.Disposition = DeliveryNames.ParseDisposition(record.Disposition);
        }

        var finished = new FinishedMessage(
            appliance, record.Mid, message, record.Outcome, record.EndSeconds, record.AbortClass, record.NearTimeout, record.IdleSeconds);
        var json = new JsonBytes(new byte[256]);
        EcsMessageWriter.Write(json, in finished, Encoding.ASCII.GetBytes(record.EventId));
        return json.Written.ToArray();
    }

    private static void RestoreRecipients(MessageState message, IReadOnlyList<RecipientRecord> recipients)
    {
        foreach (var r in recipients)
        {
            if (r.Rid is not long rid)
            {
                message.Rejected.AddRejected(Encoding.UTF8.GetBytes(r.Address ?? string.Empty), Encoding.UTF8.GetBytes(r.Response ?? string.Empty), r.TimeSeconds ?? 0);
                continue;
            }

            var to = message.Recipients;
            if (r.Address is null)
            {
                to.AddWithoutAddress(rid);
            }
            else
            {
                to.Add(rid, r.Address);
            }

            to.Restore(to.Count - 1, DeliveryNames.ParseStatus(r.Status), r.Dcid, r.TimeSeconds ?? 0, r.Response, r.StatusCode, r.DestinationIp, r.Tls);
        }
    }

    /// <summary>The HEC event <see cref="SplunkEventTranscoder"/> makes of the record's ECS document (relaxed escaping, as HecOutput writes it).</summary>
    public static byte[] SplunkEvent(SessionRecord record, SplunkEnvelope envelope)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new System.Text.Json.Utf8JsonWriter(buffer, new System.Text.Json.JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            SplunkEventTranscoder.Write(writer, ToUtf8(record), envelope);
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static ConnectionState State(ConnectionSnapshot c) => new()
    {
        Interface = c.Interface,
        ListenerIp = c.ListenerIp,
        SourceIp = c.SourceIp,
        ReverseDns = c.ReverseDns,
        ReverseDnsVerified = c.ReverseDnsVerified,
        Policy = c.Policy,
        SenderGroup = c.SenderGroup,
        Sbrs = c.Sbrs,
        SbrsStatus = c.SbrsStatus,
        Tls = c.Tls,
        Lost = c.Lost,
        Country = c.Country,
        TlsCipher = c.TlsCipher,
        TlsFailure = c.TlsFailure,
        Observed = c.Observed,
    };
}
