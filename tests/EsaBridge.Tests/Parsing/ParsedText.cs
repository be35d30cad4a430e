using System.Text;
using EsaBridge.Core.Parsing;

namespace EsaBridge.Tests.Parsing;

/// <summary>A parsed line with its bytes, so tests can read the text ranges.</summary>
public sealed class ParsedText
{
    private readonly byte[] _bytes;

    private ParsedText(byte[] bytes, ParsedLine line)
    {
        _bytes = bytes;
        Line = line;
    }

    public ParsedLine Line { get; }

    public LineKind Kind => Line.Kind;

    public string Host => Text(Line.Host);

    public static ParsedText Of(string line, ParserOptions? options = null) => Of(Encoding.UTF8.GetBytes(line), options);

    public static ParsedText Of(byte[] bytes, ParserOptions? options = null)
    {
        var parser = new MailLogParser(options ?? new ParserOptions { Year = 2014 });
        parser.Parse(bytes, out var parsed);
        return new ParsedText(bytes, parsed);
    }

    /// <summary>The text of one of the line's ranges, e.g. <c>p.Text(p.Line.Sender)</c>.</summary>
    public string Text(TextRange range) => Encoding.UTF8.GetString(range.Of(_bytes));
}
