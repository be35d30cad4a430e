using System.Text;
using EsaBridge.Delivery;
using EsaBridge.Outputs.File;

namespace EsaBridge.Tests.Service;

public sealed class RotatingFileOutputTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("esabridge-fileout-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Documents_are_appended_as_ndjson_and_rotated_by_size_keeping_a_set_number()
    {
        string path = Path.Combine(_dir, "sessions.ndjson");
        await using var output = new RotatingFileOutput(path, maxBytes: 50, keep: 2);
        using var deadLetters = new DeadLetterFile(Path.Combine(_dir, "dead.ndjson"));
        var engine = new DeliveryEngine(output, new DeliveryPolicy(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero), deadLetters);

        for (int i = 0; i < 10; i++)
        {
            await engine.DeliverBatchAsync([Document(i), Document(i + 100)], CancellationToken.None);
        }

        Assert.Equal(20, output.Counters.Acknowledged);
        Assert.True(File.Exists(path + ".1"));
        Assert.True(File.Exists(path + ".2"));
        Assert.False(File.Exists(path + ".3"));
        string[] newestFirst = [.. new[] { path, path + ".1", path + ".2" }.Where(File.Exists).SelectMany(p => File.ReadAllLines(p).Reverse())];
        Assert.All(newestFirst, line => Assert.StartsWith("{\"n\":", line, StringComparison.Ordinal));
        Assert.Equal("{\"n\":109}", newestFirst[0]);
    }

    private static OutgoingDocument Document(int n) => new($"id{n}", Encoding.UTF8.GetBytes($"{{\"n\":{n}}}"));
}
