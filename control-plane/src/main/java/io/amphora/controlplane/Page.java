package io.amphora.controlplane;

import java.util.List;
import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One page of a listing.
 *
 * @param nextToken present when more items follow; pass it back, with the same filters, for the next page
 */
public record Page<T>(List<T> items, Optional<String> nextToken) {
    public Page {
        items = List.copyOf(requireNonNull(items, "items is null"));
        requireNonNull(nextToken, "nextToken is null");
    }
}
