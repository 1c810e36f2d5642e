using Drover.Ids;
using Microsoft.Extensions.Time.Testing;

namespace Drover.Tests.Ids;

public sealed class DroverIdsTests
{
    [Theory]
    [InlineData(DroverIds.Event)]
    [InlineData(DroverIds.Session)]
    [InlineData(DroverIds.SessionResource)]
    public void New_id_is_prefix_underscore_and_26_crockford_characters(string prefix)
    {
        var id = DroverIds.New(prefix);

        Assert.Equal(prefix.Length + 1 + 26, id.Length);
        Assert.StartsWith(prefix + "_", id, StringComparison.Ordinal);
        Assert.Matches("^[0-9A-HJKMNP-TV-Z]{26}$", id[(prefix.Length + 1)..]);
        Assert.True(DroverIds.HasPrefix(id, prefix));
    }

    [Fact]
    public void Ids_sort_by_creation_time()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero));
        var ids = new List<string>();
        foreach (var step in new[] { TimeSpan.FromMilliseconds(1), TimeSpan.FromSeconds(1), TimeSpan.FromHours(1), TimeSpan.FromDays(400) })
        {
            ids.Add(DroverIds.New(DroverIds.Event, time));
            time.Advance(step);
        }

        ids.Add(DroverIds.New(DroverIds.Event, time));

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Ids_made_in_the_same_millisecond_differ()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 4, 1, 12, 0, 0, TimeSpan.Zero));

        var ids = Enumerable.Range(0, 1000).Select(_ => DroverIds.New(DroverIds.Event, time)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(1000, ids.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("sesn_01JRX5Q7M2ZK8T4V6N9B3C1D0E")]
    [InlineData("sev_01JRX5Q7M2ZK8T4V6N9B3C1D0E")]
    [InlineData("sevt01JRX5Q7M2ZK8T4V6N9B3C1D0E0")]
    [InlineData("sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0")]
    [InlineData("sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0EE")]
    [InlineData("sevt_01jrx5q7m2zk8t4v6n9b3c1d0e")]
    [InlineData("sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0U")]
    [InlineData("SEVT_01JRX5Q7M2ZK8T4V6N9B3C1D0E")]
    public void HasPrefix_rejects_other_prefixes_and_malformed_bodies(string? id)
    {
        Assert.False(DroverIds.HasPrefix(id, DroverIds.Event));
    }

    [Fact]
    public void HasPrefix_accepts_a_well_formed_id()
    {
        Assert.True(DroverIds.HasPrefix("sevt_01JRX5Q7M2ZK8T4V6N9B3C1D0E", DroverIds.Event));
    }

    [Fact]
    public void Ids_made_within_one_millisecond_sort_in_the_order_they_were_made()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 4, 22, 0, 0, TimeSpan.Zero));
        var ids = Enumerable.Range(0, 1000).Select(_ => DroverIds.New(DroverIds.Agent, time)).ToList();

        Assert.Equal(ids, ids.Order(StringComparer.Ordinal));
        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Fact]
    public void New_refuses_an_empty_prefix()
    {
        Assert.ThrowsAny<ArgumentException>(() => DroverIds.New(""));
    }
}
