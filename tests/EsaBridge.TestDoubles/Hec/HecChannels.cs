namespace EsaBridge.Tests.TestDoubles.Hec;

/// <summary>
/// Indexer acknowledgement per channel: ack ids count from 0 per channel; a poll answers true once the id is committed
/// (after any scripted pending polls), and an id reported true is forgotten, so a later poll of it answers false.
/// </summary>
internal sealed class HecChannels
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Channel> _channels = new(StringComparer.OrdinalIgnoreCase);

    /// <param name="lost">The indexer lost the data: the id never turns true.</param>
    public long Issue(string channel, int pendingPolls, bool lost)
    {
        lock (_gate)
        {
            var state = Get(channel);
            long id = state.NextId++;
            state.Pending[id] = lost ? -1 : pendingPolls;
            return id;
        }
    }

    public List<(long Id, bool Acknowledged)> Poll(string channel, IEnumerable<long> ids)
    {
        lock (_gate)
        {
            var state = Get(channel);
            var answer = new List<(long, bool)>();
            foreach (long id in ids)
            {
                bool acknowledged = false;
                if (state.Pending.TryGetValue(id, out int pollsLeft) && pollsLeft >= 0)
                {
                    if (pollsLeft == 0)
                    {
                        state.Pending.Remove(id);
                        acknowledged = true;
                    }
                    else
                    {
                        state.Pending[id] = pollsLeft - 1;
                    }
                }

                answer.Add((id, acknowledged));
            }

            return answer;
        }
    }

    private Channel Get(string channel)
    {
        if (!_channels.TryGetValue(channel, out var state))
        {
            state = new Channel();
            _channels[channel] = state;
        }

        return state;
    }

    private sealed class Channel
    {
        public long NextId { get; set; }

        /// <summary>Polls left before the id turns true; -1 for lost.</summary>
        public Dictionary<long, int> Pending { get; } = [];
    }
}
