using System.Text.Json;

namespace EsaBridge.Tests.TestDoubles.Hec;

/// <summary>
/// Reads a <c>/services/collector/event</c> body as HEC does: JSON objects one after another (not an array), each with a
/// non-blank <c>event</c>, an allowed <c>index</c> and flat <c>fields</c>; stops at the first faulty event.
/// </summary>
internal static class HecEventReader
{
    /// <returns>The events up to the first faulty one, and that one's code and number (null when all are good).</returns>
    public static (List<(int Start, int Length)> Events, HecCode? Fault, int FaultNumber) Read(byte[] body, IReadOnlyCollection<string>? allowedIndexes)
    {
        var events = new List<(int, int)>();
        int at = SkipWhitespace(body, 0);
        while (at < body.Length)
        {
            var fault = ReadOne(body.AsSpan(at), allowedIndexes, out int length);
            if (fault is not null)
            {
                return (events, fault, events.Count);
            }

            events.Add((at, length));
            at = SkipWhitespace(body, at + length);
        }

        return (events, null, 0);
    }

    private static HecCode? ReadOne(ReadOnlySpan<byte> rest, IReadOnlyCollection<string>? allowedIndexes, out int length)
    {
        length = 0;
        var r = new Utf8JsonReader(rest, new JsonReaderOptions { AllowMultipleValues = true });
        try
        {
            if (!r.Read() || r.TokenType != JsonTokenType.StartObject)
            {
                return HecCode.InvalidDataFormat;
            }

            HecCode? fault = null;
            bool hasEvent = false;
            while (r.Read() && r.TokenType == JsonTokenType.PropertyName)
            {
                if (r.ValueTextEquals("event"u8))
                {
                    hasEvent = true;
                    r.Read();
                    if (r.TokenType == JsonTokenType.Null || (r.TokenType == JsonTokenType.String && string.IsNullOrWhiteSpace(r.GetString())))
                    {
                        fault ??= HecCode.EventFieldBlank;
                    }
                }
                else if (r.ValueTextEquals("index"u8))
                {
                    r.Read();
                    if (r.TokenType == JsonTokenType.String && allowedIndexes is not null && !allowedIndexes.Contains(r.GetString()!))
                    {
                        fault ??= HecCode.IncorrectIndex;
                    }
                }
                else if (r.ValueTextEquals("fields"u8))
                {
                    r.Read();
                    if (!FlatFields(ref r))
                    {
                        fault ??= HecCode.IndexedFieldsError;
                    }
                }
                else
                {
                    r.Read();
                }

                r.Skip();
            }

            length = (int)r.BytesConsumed;
            return hasEvent ? fault : fault ?? HecCode.EventFieldRequired;
        }
        catch (JsonException)
        {
            return HecCode.InvalidDataFormat;
        }
    }

    /// <summary><c>fields</c>: an object of strings, numbers, or arrays of them (leaves the reader on its end).</summary>
    private static bool FlatFields(ref Utf8JsonReader r)
    {
        if (r.TokenType != JsonTokenType.StartObject)
        {
            r.Skip();
            return false;
        }

        bool flat = true;
        int depth = r.CurrentDepth;
        while (r.Read() && !(r.TokenType == JsonTokenType.EndObject && r.CurrentDepth == depth))
        {
            if (r.TokenType == JsonTokenType.StartObject || (r.TokenType == JsonTokenType.StartArray && r.CurrentDepth > depth + 1))
            {
                flat = false;
            }
        }

        return flat;
    }

    private static int SkipWhitespace(byte[] body, int at)
    {
        while (at < body.Length && body[at] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            at++;
        }

        return at;
    }
}
