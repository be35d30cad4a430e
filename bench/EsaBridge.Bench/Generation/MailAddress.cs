namespace EsaBridge.Bench.Generation;

/// <summary>An envelope address kept as pre-encoded UTF-8 parts; the default value is the null sender <c>&lt;&gt;</c>.</summary>
internal readonly record struct MailAddress(byte[]? Local, byte[]? Domain)
{
    public static MailAddress Null => default;

    /// <summary>Writes <c>&lt;local@domain&gt;</c>, or <c>&lt;&gt;</c> for the null sender.</summary>
    public void WriteTo(Utf8LogWriter writer)
    {
        writer.Append((byte)'<');
        if (Local is not null && Domain is not null)
        {
            writer.Append(Local);
            writer.Append((byte)'@');
            writer.Append(Domain);
        }

        writer.Append((byte)'>');
    }

    /// <summary>Writes <c>local@domain</c> without brackets (SPF identities); nothing for the null sender.</summary>
    public void WriteBareTo(Utf8LogWriter writer)
    {
        if (Local is not null && Domain is not null)
        {
            writer.Append(Local);
            writer.Append((byte)'@');
            writer.Append(Domain);
        }
    }
}
