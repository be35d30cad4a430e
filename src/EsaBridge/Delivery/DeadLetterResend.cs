using System.Globalization;
using EsaBridge.StateFiles;

namespace EsaBridge.Delivery;

/// <summary>Sends the dead letters of a file again, each through the output that refused it, then replaces the file
/// (write, fsync, rename) with what remains: the lines not selected, the damaged ones exactly as they were, and the
/// documents still refused, with their new reason. Delivered ones are gone; nothing else is.</summary>
/// <param name="rejects">The dead-letter file the outputs' engines were made with: a temporary one beside <paramref name="path"/>.</param>
internal sealed class DeadLetterResend(
    string path, DeadLetterFile rejects, IReadOnlyList<DeliveryEngine> outputs, Func<DeadLetterEntry, bool> selected, TextWriter error)
{
    private const int DamagedLinesShown = 10;

    /// <returns>True when every selected dead letter was delivered and no line was damaged.</returns>
    public async Task<bool> RunAsync(CancellationToken cancellation)
    {
        byte[] original = File.Exists(path) ? File.ReadAllBytes(path) : throw new Inputs.InputException($"{path}: no such dead-letter file");
        var kept = new MemoryStream();
        var toSend = outputs.ToDictionary(o => o.Output.Name, _ => new List<OutgoingDocument>(), StringComparer.Ordinal);
        var unconfigured = new SortedDictionary<string, int>(StringComparer.Ordinal);
        int entries = 0, notSelected = 0, damaged = 0;
        int lineNumber = 0;
        foreach (var line in Lines(original))
        {
            lineNumber++;
            if (line.Span.Trim(" \t\r"u8).IsEmpty)
            {
                continue;
            }

            var entry = DeadLetterEntry.TryRead(line, out string problem);
            if (entry is null)
            {
                if (++damaged <= DamagedLinesShown)
                {
                    error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"esabridge: resend: {path} line {lineNumber}: damaged ({problem}); kept as it is"));
                }

                Keep(kept, line);
                continue;
            }

            entries++;
            if (!selected(entry))
            {
                notSelected++;
                Keep(kept, line);
            }
            else if (toSend.TryGetValue(entry.Output, out var documents))
            {
                documents.Add(entry.Document);
            }
            else
            {
                unconfigured[entry.Output] = unconfigured.GetValueOrDefault(entry.Output) + 1;
                Keep(kept, line);
            }
        }

        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"esabridge: resend: {path}: {entries} dead letters, {damaged} damaged lines; resending {Describe(toSend.Select(s => (s.Key, s.Value.Count)))}, {notSelected} not selected"));
        foreach (var (output, count) in unconfigured)
        {
            error.WriteLine(string.Create(CultureInfo.InvariantCulture, $"esabridge: resend: {count} dead letters of {output} kept: that output was not given ({Hint(output)})"));
        }

        long stillRejected;
        try
        {
            foreach (var output in outputs)
            {
                await DeliverAsync(output, toSend[output.Output.Name], cancellation).ConfigureAwait(false);
            }

            stillRejected = rejects.Count;
            rejects.Dispose();
            WriteRemaining(original, kept);
        }
        catch (OutputFatalException)
        {
            error.WriteLine($"esabridge: resend: nothing removed from {path}");
            throw;
        }
        finally
        {
            rejects.Dispose();
            File.Delete(rejects.Path);
        }

        long sent = toSend.Values.Sum(d => d.Count);
        long remaining = entries - sent + stillRejected;
        error.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"esabridge: resend: {sent - stillRejected} delivered and removed, {stillRejected} refused again (kept with the new reason); {path} now holds {remaining} dead letters{(damaged > 0 ? $" and {damaged} damaged lines" : string.Empty)}"));
        return stillRejected == 0 && damaged == 0 && unconfigured.Count == 0;

        async Task DeliverAsync(DeliveryEngine output, List<OutgoingDocument> documents, CancellationToken token)
        {
            var (maxDocuments, maxBytes) = output.Output.BatchLimits;
            var batch = new List<OutgoingDocument>();
            long bytes = 0;
            foreach (var document in documents)
            {
                if (batch.Count > 0 && (batch.Count >= maxDocuments || bytes + document.Size > maxBytes))
                {
                    await output.DeliverBatchAsync(batch, token).ConfigureAwait(false);
                    batch = [];
                    bytes = 0;
                }

                batch.Add(document);
                bytes += document.Size;
            }

            if (batch.Count > 0)
            {
                await output.DeliverBatchAsync(batch, token).ConfigureAwait(false);
            }
        }
    }

    private static string Describe(IEnumerable<(string Output, int Count)> counts) =>
        string.Join(", ", counts.Select(c => string.Create(CultureInfo.InvariantCulture, $"{c.Count} to {c.Output}")));

    private static string Hint(string output) =>
        Outputs.OutputRegistry.BuiltIn.Kinds.FirstOrDefault(kind => kind.Name == output)?.UrlFlag ?? "an output esabridge does not know";

    private static void Keep(MemoryStream kept, ReadOnlyMemory<byte> line)
    {
        kept.Write(line.Span);
        kept.WriteByte((byte)'\n');
    }

    /// <summary>Kept lines, then the documents refused again, then whatever was appended to the file while we were
    /// sending (a ship writing to it), so the rename loses nothing.</summary>
    private void WriteRemaining(byte[] original, MemoryStream kept)
    {
        if (File.Exists(rejects.Path))
        {
            kept.Write(File.ReadAllBytes(rejects.Path));
        }

        byte[] now = File.ReadAllBytes(path);
        if (now.Length > original.Length)
        {
            kept.Write(now.AsSpan(original.Length));
        }

        AtomicFile.Write(path, kept.GetBuffer().AsSpan(0, (int)kept.Length), DirectorySync.Sync);
    }

    private static IEnumerable<ReadOnlyMemory<byte>> Lines(byte[] content)
    {
        int start = 0;
        while (start < content.Length)
        {
            int end = Array.IndexOf(content, (byte)'\n', start);
            if (end < 0)
            {
                yield return content.AsMemory(start);
                yield break;
            }

            yield return content.AsMemory(start, end - start);
            start = end + 1;
        }
    }
}
