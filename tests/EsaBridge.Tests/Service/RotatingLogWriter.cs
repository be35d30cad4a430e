using System.Text;

namespace EsaBridge.Tests.Service;

/// <summary>
/// Writes a mail log the way an ESA does: appends to <c>mail.current</c> and now and then renames it to
/// <c>mail.@TIMESTAMP.s</c> and starts a new <c>mail.current</c>.
/// </summary>
internal sealed class RotatingLogWriter(string directory)
{
    private int _rotations;

    public string CurrentPath => Path.Combine(directory, "mail.current");

    public void Append(IEnumerable<string> lines)
    {
        using var file = new FileStream(CurrentPath, FileMode.Append, FileAccess.Write, FileShare.ReadWrite | FileShare.Delete);
        foreach (string line in lines)
        {
            file.Write(Encoding.UTF8.GetBytes(line + "\n"));
        }
    }

    public void Rotate()
    {
        _rotations++;
        File.Move(CurrentPath, Path.Combine(directory, $"mail.@20261128T{_rotations:D6}.s"));
    }
}
