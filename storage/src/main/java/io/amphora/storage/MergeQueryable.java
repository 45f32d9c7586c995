package io.amphora.storage;

import java.util.ArrayList;
import java.util.List;

import static java.util.Objects.requireNonNull;

/**
 * A {@link Queryable} over several sources whose queriers are merged by {@link MergeQuerier}; the order of the
 * sources is the order of preference where they disagree at a timestamp. Thread-safe if the sources are.
 */
public final class MergeQueryable implements Queryable {
    private final List<Queryable> sources;

    public MergeQueryable(List<? extends Queryable> sources) {
        this.sources = List.copyOf(requireNonNull(sources, "sources is null"));
    }

    /** Opens a querier on every source; if one fails to open, those already opened are closed again. */
    @Override
    public Querier querier(long mint, long maxt) {
        List<Querier> queriers = new ArrayList<>(sources.size());
        try {
            for (Queryable source : sources) {
                queriers.add(requireNonNull(source.querier(mint, maxt), "source returned a null querier"));
            }
        } catch (RuntimeException e) {
            for (Querier opened : queriers) {
                try {
                    opened.close();
                } catch (RuntimeException closeFailure) {
                    e.addSuppressed(closeFailure);
                }
            }
            throw e;
        }
        return new MergeQuerier(queriers);
    }
}
