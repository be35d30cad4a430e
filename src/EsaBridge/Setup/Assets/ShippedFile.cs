using System.Text;

namespace EsaBridge.Setup.Assets;

/// <summary>One file of a shipped folder: its path relative to the folder ('/' separators) and its bytes, unchanged.</summary>
public sealed record ShippedFile(string Path, byte[] Content)
{
    /// <summary>The content as UTF-8 text (a leading byte-order mark dropped).</summary>
    public string Text => new UTF8Encoding(false).GetString(Content).TrimStart('\uFEFF');
}
