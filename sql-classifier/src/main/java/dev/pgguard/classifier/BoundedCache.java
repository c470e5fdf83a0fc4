package dev.pgguard.classifier;

import java.util.concurrent.ConcurrentHashMap;

/**
 * A bounded map for the classifier's caches, safe for many event loops at once and without locks on a hit:
 * two generations, the young one filling up; when it is full it becomes the old one and the previous old
 * one is dropped. A hit in the old generation is promoted. Memory is at most twice the capacity; an entry
 * in use survives as long as it keeps being hit.
 */
final class BoundedCache<K, V> {

    private final int capacity;
    private volatile ConcurrentHashMap<K, V> young;
    private volatile ConcurrentHashMap<K, V> old;

    BoundedCache(int capacity) {
        this.capacity = capacity;
        this.young = new ConcurrentHashMap<>();
        this.old = new ConcurrentHashMap<>();
    }

    V get(K key) {
        if (capacity == 0) {
            return null;
        }
        V v = young.get(key);
        if (v == null) {
            v = old.get(key);
            if (v != null) {
                put(key, v);
            }
        }
        return v;
    }

    void put(K key, V value) {
        if (capacity == 0) {
            return;
        }
        ConcurrentHashMap<K, V> y = young;
        if (y.size() >= capacity) {
            rotate(y);
            y = young;
        }
        y.put(key, value);
    }

    private synchronized void rotate(ConcurrentHashMap<K, V> full) {
        if (young == full) {
            old = full;
            young = new ConcurrentHashMap<>();
        }
    }
}
