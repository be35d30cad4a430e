using EsaBridge.Checkpoints;
using EsaBridge.Delivery;
using EsaBridge.Service;
using EsaBridge.Spool;
using EsaBridge.StateFiles;

namespace EsaBridge.Tests.Delivery;

/// <summary>
/// A rename or a new file lives in its directory, which syncing the file does not write: checkpoints, positions and
/// new spool segments are only durable against a power loss once their directory is synced, after they are in place.
/// </summary>
public sealed class DirectorySyncTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-dirsync-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void A_replaced_file_has_its_directory_synced_once_the_new_content_is_in_place()
    {
        string path = Path.Combine(_dir, "checkpoint");
        File.WriteAllText(path, "old");
        var disk = new RecordingDisk();

        new Checkpoint(42, "[]"u8.ToArray(), [1, 2, 3]).Save(path, disk);

        var sync = Assert.Single(disk.Syncs);
        Assert.Equal(_dir, sync.Directory);
        Assert.Equal(["checkpoint"], sync.Files); // renamed into place: no temporary copy left beside it
        Assert.Equal(42, Checkpoint.Load(path)!.SpoolPosition);
    }

    [Fact]
    public void A_commit_that_started_a_spool_segment_syncs_the_spool_directory_with_the_new_segment_in_it()
    {
        string spoolDirectory = Path.Combine(_dir, "spool");
        var disk = new RecordingDisk();
        using var spool = new DocumentSpool(spoolDirectory, segmentBytes: 256, disk);
        spool.Append("a", "{}"u8);
        spool.Commit();
        disk.Syncs.Clear();

        spool.Append("b", "{}"u8);
        spool.Commit(); // the same segment: nothing new in the directory
        Assert.Empty(disk.Syncs);

        for (int i = 0; i < 20; i++)
        {
            spool.Append($"c{i}", "{\"padding\":\"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"}"u8);
        }

        spool.Commit();

        var sync = Assert.Single(disk.Syncs);
        Assert.Equal(spoolDirectory, sync.Directory);
        Assert.Equal(Directory.GetFiles(spoolDirectory).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal), sync.Files);
        Assert.True(sync.Files.Count > 1, "the appends should have started new segments");
    }

    [Fact]
    public void Syncing_a_real_directory_works_and_a_missing_one_fails_with_its_name()
    {
        DirectorySync.Sync(_dir);

        string missing = Path.Combine(_dir, "gone");
        var error = Assert.ThrowsAny<IOException>(() => DirectorySync.Sync(missing));
        Assert.Equal($"cannot open directory '{missing}' (No such file or directory)", error.Message);
    }

    /// <summary>The local disk, noting what each directory held when it was synced.</summary>
    private sealed class RecordingDisk : StateDisk
    {
        public List<(string Directory, List<string> Files)> Syncs { get; } = [];

        public override void SyncDirectory(string directory)
        {
            Syncs.Add((directory, [.. Directory.GetFiles(directory).Select(f => Path.GetFileName(f)!).Order(StringComparer.Ordinal)]));
            base.SyncDirectory(directory);
        }
    }
}
