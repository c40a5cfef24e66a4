#pragma once
// A plausible ledger history for the bundled sample (`init --sample`). Engine-internal.

#include <cstdint>

namespace landbank {

class Store;

/// Writes stage dates for every project, problems across departments (open and resolved), visits and
/// capital increases of landed firms, commitments of signed ones and two or three years of results
/// of operating ones (some above, some below their promise), as of 2026-11-30. Deterministic in
/// `seed`. One transaction with one audit row ("sample_ledger", with the counts).
void loadSampleLedger(Store& store, std::uint64_t seed);

}  // namespace landbank
