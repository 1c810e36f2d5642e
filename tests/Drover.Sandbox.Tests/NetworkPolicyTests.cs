using System.Net;
using Drover.Sandbox.Egress;

namespace Drover.Sandbox.Tests;

/// <summary>Reading <c>networking</c> into a policy, and telling public addresses from the rest.</summary>
public sealed class NetworkPolicyTests
{
    [Fact]
    public void Networking_config_becomes_a_policy()
    {
        var none = NetworkPolicy.FromEnvironmentConfig(TestHands.Json("""{"type":"cloud"}"""));
        var open = NetworkPolicy.FromEnvironmentConfig(TestHands.Json("""{"type":"cloud","networking":{"type":"unrestricted"}}"""));
        var limited = NetworkPolicy.FromEnvironmentConfig(TestHands.Json("""{"type":"cloud","networking":{"type":"limited","allowed_hosts":["API.Example.com","*.cdn.test"]}}"""));
        var packages = NetworkPolicy.FromEnvironmentConfig(TestHands.Json("""{"type":"cloud","networking":{"type":"limited","allowed_hosts":[],"allow_package_managers":true}}"""));

        Assert.False(none.Allows("example.com"));
        Assert.True(open.Allows("anything.example"));
        Assert.True(limited.Allows("api.example.com"));
        Assert.True(limited.Allows("api.example.com."));
        Assert.False(limited.Allows("example.com"));
        Assert.False(limited.Allows("evil-api.example.com"));
        Assert.True(limited.Allows("a.b.cdn.test"));
        Assert.False(limited.Allows("cdn.test"));
        Assert.False(limited.Allows("xcdn.test"));
        Assert.True(packages.Allows("pypi.org"));
        Assert.True(packages.Allows("registry.npmjs.org"));
        Assert.False(packages.Allows("example.com"));
    }

    [Theory]
    [InlineData("127.0.0.1", false)]
    [InlineData("10.1.2.3", false)]
    [InlineData("172.20.0.1", false)]
    [InlineData("192.168.1.1", false)]
    [InlineData("169.254.169.254", false)]
    [InlineData("100.64.0.1", false)]
    [InlineData("0.0.0.0", false)]
    [InlineData("224.0.0.1", false)]
    [InlineData("::1", false)]
    [InlineData("fd00::1", false)]
    [InlineData("fe80::1", false)]
    [InlineData("::ffff:127.0.0.1", false)]
    [InlineData("93.184.216.34", true)]
    [InlineData("172.32.0.1", true)]
    [InlineData("2606:4700::1111", true)]
    public void Only_public_addresses_are_public(string address, bool expected) =>
        Assert.Equal(expected, AddressRanges.IsPublic(IPAddress.Parse(address)));
}
