using EsaBridge.Core.Parsing;

namespace EsaBridge.Tests.Parsing;

/// <summary>Every line of every public sample, as raw bytes, through the parser alone.</summary>
public class PublicSampleLineTests
{
    private static readonly string Folder = Path.Combine(AppContext.BaseDirectory, "Samples", "public");

    public static TheoryData<string> Samples => new(
        Directory.GetFiles(Folder, "*.log").Select(Path.GetFileName).OfType<string>());

    [Theory]
    [MemberData(nameof(Samples))]
    public void EveryLineGetsOneKindAndTheFileHasLinesTheParserUses(string file)
    {
        var lines = RawLines(File.ReadAllBytes(Path.Combine(Folder, file)));
        var parser = new MailLogParser(new ParserOptions { Year = 2020 });
        var kinds = new Dictionary<LineKind, int>();

        foreach (var line in lines)
        {
            parser.Parse(line, out var parsed);
            Assert.True(Enum.IsDefined(parsed.Kind), $"{file}: undefined kind {parsed.Kind}");
            kinds[parsed.Kind] = kinds.GetValueOrDefault(parsed.Kind) + 1;
        }

        int used = kinds.Where(k => k.Key is not (LineKind.NotUsed or LineKind.Malformed)).Sum(k => k.Value);
        Assert.Equal(lines.Count, used + kinds.GetValueOrDefault(LineKind.NotUsed) + kinds.GetValueOrDefault(LineKind.Malformed));
        Assert.True(used > 0, $"{file}: no line was read as an ESA mail log line");
    }

    [Fact]
    public void ManifestNamesEverySampleFileAndOnlyFilesThatExist()
    {
        var named = File.ReadLines(Path.Combine(Folder, "MANIFEST.md"))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| file ", StringComparison.Ordinal))
            .SelectMany(l => l.Split('|', StringSplitOptions.TrimEntries)[1].Split(", "))
            .Where(n => n.EndsWith(".log", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToList();
        var files = Directory.GetFiles(Folder, "*.log").Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal);

        Assert.Equal(files, named);
    }

    private static List<byte[]> RawLines(byte[] bytes)
    {
        var lines = new List<byte[]>();
        int start = 0;
        for (int i = 0; i <= bytes.Length; i++)
        {
            if (i == bytes.Length || bytes[i] == '\n')
            {
                if (i > start || i < bytes.Length)
                {
                    lines.Add(bytes[start..i]);
                }

                start = i + 1;
            }
        }

        return lines;
    }
}
