namespace EsaBridge.Outputs.Elasticsearch;

/// <summary>Which data stream a document goes to, read from its own bytes: the writer puts <c>event.dataset</c> near
/// the start of the <c>event</c> object, so the first <c>"dataset":"</c> is found within a few hundred bytes. The
/// pattern cannot occur inside a JSON string (its quotes would be escaped), only as a member name.</summary>
internal static class DocumentDataset
{
    private static readonly byte[] DatasetMember = "\"dataset\":\""u8.ToArray();
    private static readonly byte[] Connection = "cisco_esa.connection\""u8.ToArray();

    /// <summary>True for a connection document (<c>event.dataset</c> <c>cisco_esa.connection</c>); anything else
    /// (sessions, documents of other versions) goes to the session data stream, as before connections existed.</summary>
    public static bool IsConnection(ReadOnlySpan<byte> document)
    {
        int at = document.IndexOf(DatasetMember);
        return at >= 0 && document[(at + DatasetMember.Length)..].StartsWith(Connection);
    }

    /// <summary>The connection data stream that goes with a session data stream: <c>cisco_esa.session</c> in its name
    /// becomes <c>cisco_esa.connection</c> (<c>logs-cisco_esa.session-prod</c> → <c>logs-cisco_esa.connection-prod</c>);
    /// a name without it gets <c>-connection</c> appended (<c>esa-mail</c> → <c>esa-mail-connection</c>).</summary>
    public static string ConnectionStreamFor(string sessionStream)
    {
        const string session = "cisco_esa.session";
        int at = sessionStream.LastIndexOf(session, StringComparison.Ordinal);
        return at >= 0
            ? string.Concat(sessionStream.AsSpan(0, at), "cisco_esa.connection", sessionStream.AsSpan(at + session.Length))
            : sessionStream + "-connection";
    }
}
