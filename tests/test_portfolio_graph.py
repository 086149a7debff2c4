from radsmodell.portfolio.graph import chains, cycles, dependants_count


def test_no_cycle_in_a_plain_chain_and_the_chain_is_found():
    edges = {"a": {"b"}, "b": {"c"}, "d": {"c"}}
    assert cycles(edges) == []
    assert chains(edges)[0] == ["a", "b", "c"]


def test_cycles_are_flagged_with_every_member():
    edges = {"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}, "e": {"e"}}
    assert cycles(edges) == [["a", "b", "c"], ["e"]]
    assert all(len(chain) == len(set(chain)) for chain in chains(edges))  # a chain never repeats a node


def test_dependants_are_counted_per_target():
    assert dependants_count({"a": {"kj", "hn"}, "b": {"kj"}}) == {"kj": 2, "hn": 1}
