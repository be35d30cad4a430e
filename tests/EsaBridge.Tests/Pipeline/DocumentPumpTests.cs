using EsaBridge.Pipeline;

namespace EsaBridge.Tests.Pipeline;

/// <summary>
/// The hand-off behind <c>parse</c>'s output and <c>run</c>'s spool: everything handed is consumed in order, a drain
/// returns once the consumer caught up, and a consumer's failure comes back to the writer at its next hand-off while
/// the arrays keep coming back (the writer never blocks on a dead consumer).
/// </summary>
public sealed class DocumentPumpTests
{
    [Fact]
    public void Consumes_in_order_and_drains()
    {
        var consumer = new RecordingConsumer();
        using var pump = new DocumentPump("test-pump", 2, 4, consumer, static e => e is IOException, "cannot consume");
        byte[] array = pump.First;
        for (byte i = 0; i < 10; i++)
        {
            array[0] = i;
            array = pump.HandOff(new ArraySegment<byte>(array, 0, 1));
        }

        pump.Drain();
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (byte)i), consumer.Consumed);
        Assert.Equal(1, consumer.Drains);

        pump.Complete();
        Assert.True(consumer.WasCompleted);
    }

    [Fact]
    public void A_consumer_failure_is_thrown_at_the_next_hand_off_and_the_arrays_keep_coming_back()
    {
        var consumer = new RecordingConsumer { FailAt = 3 };
        using var pump = new DocumentPump("test-pump", 2, 4, consumer, static e => e is IOException, "cannot consume");
        byte[] array = pump.First;
        var thrown = Assert.Throws<IOException>(() =>
        {
            // Many more hand-offs than arrays: the producer would block here if failed arrays were not given back.
            for (int i = 0; i < 1000; i++)
            {
                array = pump.HandOff(new ArraySegment<byte>(array, 0, 1));
            }
        });

        Assert.Equal("cannot consume: broken", thrown.Message);
        Assert.Equal(3, consumer.Consumed.Count);
        Assert.Equal("cannot consume: broken", Assert.Throws<IOException>(pump.Complete).Message);
        Assert.False(consumer.WasCompleted);
    }

    private sealed class RecordingConsumer : IDocumentConsumer
    {
        public List<byte> Consumed { get; } = [];

        public int Drains { get; private set; }

        public bool WasCompleted { get; private set; }

        public int FailAt { get; init; } = -1;

        public void Consume(ArraySegment<byte> documents)
        {
            if (Consumed.Count == FailAt)
            {
                throw new IOException("broken");
            }

            Consumed.Add(documents[0]);
        }

        public void Drained() => Drains++;

        public void Completed() => WasCompleted = true;
    }
}
