using EsaBridge.Core.Sessions;

namespace EsaBridge.Core.Documents;

/// <summary>
/// The domains of envelope addresses, as <c>cisco.esa.sender_domain</c> and <c>cisco.esa.recipient_domain</c> hold
/// them: the text after an address's last <c>@</c> (none when there is no <c>@</c> or nothing after it), with ASCII
/// letters lowercased as they are written and any other character kept as logged (DNS names compare ASCII letters
/// case-insensitively; an internationalized domain is left to the search).
/// </summary>
internal static class EmailDomains
{
    /// <summary>Writes the address's domain as a JSON string; false, having written nothing, when it has none.</summary>
    public static bool WriteDomain(JsonBytes w, ReadOnlySpan<byte> address)
    {
        var domain = Of(address);
        if (domain.IsEmpty)
        {
            return false;
        }

        WriteLowercased(w, domain);
        return true;
    }

    /// <summary>
    /// Writes the distinct domains of the recipients, in RID order, as a JSON array; false, having written nothing,
    /// when no recipient has one. Two domains are the same when they differ only in the case of ASCII letters.
    /// </summary>
    public static bool WriteDistinctDomains(JsonBytes w, RecipientList to)
    {
        to.SortByRid();
        int written = 0;
        for (int i = 0; i < to.Count; i++)
        {
            var domain = Of(to.Address(i));
            if (domain.IsEmpty || SeenBefore(to, i, domain))
            {
                continue;
            }

            w.Raw(written == 0 ? (byte)'[' : (byte)',');
            WriteLowercased(w, domain);
            written++;
        }

        if (written == 0)
        {
            return false;
        }

        w.Raw((byte)']');
        return true;
    }

    private static ReadOnlySpan<byte> Of(ReadOnlySpan<byte> address)
    {
        int at = address.LastIndexOf((byte)'@');
        return at < 0 ? default : address[(at + 1)..];
    }

    /// <summary>Whether a recipient before <paramref name="index"/> has the same domain (quadratic, on few recipients per message).</summary>
    private static bool SeenBefore(RecipientList to, int index, ReadOnlySpan<byte> domain)
    {
        for (int earlier = 0; earlier < index; earlier++)
        {
            if (SameIgnoringAsciiCase(Of(to.Address(earlier)), domain))
            {
                return true;
            }
        }

        return false;
    }

    private static bool SameIgnoringAsciiCase(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b)
    {
        if (a.Length != b.Length)
        {
            return false;
        }

        for (int i = 0; i < a.Length; i++)
        {
            if (AsciiCase.Lower(a[i]) != AsciiCase.Lower(b[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Writes the text as a JSON string, then lowercases the ASCII letters of what was written: JSON escapes stay
    /// valid (<c>\u00C9</c> and <c>\u00c9</c> are the same character) and UTF-8 bytes of other characters are never
    /// in A-Z.
    /// </summary>
    private static void WriteLowercased(JsonBytes w, ReadOnlySpan<byte> text)
    {
        int start = w.Count;
        w.String(text);
        AsciiCase.ToLower(w.WrittenSpan(start, w.Count - start));
    }
}
