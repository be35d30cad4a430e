using System.Globalization;
using EsaBridge.Inputs;

namespace EsaBridge.Cli;

/// <summary>The .gz inputs of a batch command that ended before their gzip stream did (cut short) or could not be
/// decompressed further (damaged): what came before was read, each gets one line, and the command exits 1.</summary>
internal sealed class DamagedInputs
{
    public int CutShort { get; private set; }

    public int Damaged { get; private set; }

    public int Count => CutShort + Damaged;

    public void Add(InputFile input, InvalidDataException e, TextWriter error)
    {
        if (input.EndReached)
        {
            CutShort++;
            error.WriteLine($"esabridge: '{input.Name}' is cut short: its gzip data ends early (truncated copy or download?); the lines before the cut were read");
        }
        else
        {
            Damaged++;
            error.WriteLine($"esabridge: '{input.Name}' is damaged ({e.Message}); the lines before the damage were read");
        }
    }

    /// <summary>The summary line's ending: empty when every input was whole.</summary>
    public string SummarySuffix()
    {
        var text = string.Empty;
        if (CutShort > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; {CutShort} {(CutShort == 1 ? "input" : "inputs")} cut short");
        }

        if (Damaged > 0)
        {
            text += string.Create(CultureInfo.InvariantCulture, $"; {Damaged} {(Damaged == 1 ? "input" : "inputs")} damaged");
        }

        return text;
    }

    public int ExitCode(int otherwise) => Count > 0 ? ExitCodes.InputError : otherwise;
}
