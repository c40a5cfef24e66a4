// The arena the lists of stored-facts details are allocated from (match_internal.h ListArena).
#include <gtest/gtest.h>

#include <cstdint>
#include <stdexcept>
#include <thread>

#include "match/match_internal.h"

using landbank::match::DetailList;
using landbank::match::ListAllocator;
using landbank::match::ListArena;

TEST(ListArena, ListsGrowInTheArenaAlignedAndKeepTheirValues) {
  ListArena arena;
  DetailList<double> doubles{ListAllocator<double>(&arena)};
  DetailList<std::uint8_t> bytes{ListAllocator<std::uint8_t>(&arena)};
  for (int i = 0; i < 10000; ++i) {
    doubles.push_back(i * 0.5);
    bytes.push_back(static_cast<std::uint8_t>(i));  // interleaved: odd offsets between the doubles
  }
  EXPECT_EQ(reinterpret_cast<std::uintptr_t>(doubles.data()) % alignof(double), 0u);
  for (int i = 0; i < 10000; ++i) {
    ASSERT_EQ(doubles[static_cast<std::size_t>(i)], i * 0.5);
    ASSERT_EQ(bytes[static_cast<std::size_t>(i)], static_cast<std::uint8_t>(i));
  }
  // Larger than a quarter block: a block of its own, and small lists still fit after it.
  DetailList<double> large(200000, 1.5, ListAllocator<double>(&arena));
  DetailList<double> small(3, 2.5, ListAllocator<double>(&arena));
  EXPECT_EQ(large.back(), 1.5);
  EXPECT_EQ(small.front(), 2.5);
  EXPECT_EQ(doubles.back(), 9999 * 0.5);
}

TEST(ListArena, ACopyGoesToTheHeapAndAMoveKeepsTheArena) {
  ListArena arena;
  DetailList<int> list(5, 7, ListAllocator<int>(&arena));
  DetailList<int> copy = list;
  EXPECT_EQ(copy.get_allocator().arena, nullptr);
  EXPECT_EQ(copy, list);
  DetailList<int> moved;
  moved = std::move(list);
  EXPECT_EQ(moved.get_allocator().arena, &arena);
  EXPECT_EQ(moved.size(), 5u);
}

TEST(ListArena, OnlyTheThreadThatAllocatedFirstMayAllocate) {
  // Workers never grow a stored detail's lists; if one did, it must fail rather than race.
  ListArena arena;
  DetailList<int> mine(1, 1, ListAllocator<int>(&arena));
  bool refused = false;
  std::thread worker([&] {
    try {
      DetailList<int> theirs(1, 2, ListAllocator<int>(&arena));
    } catch (const std::logic_error&) {
      refused = true;
    }
  });
  worker.join();
  EXPECT_TRUE(refused);
  DetailList<int> heap(3, 4);  // without an arena: the heap, from any thread
  std::thread other([&] { DetailList<int> fine(2, 5); heap = fine; });
  other.join();
  EXPECT_EQ(heap.size(), 2u);
}
