/** Built-in backend concept questions. Written for Duet. */
import type { Question } from '../../../shared/questions.js';
import { paragraphs, rubric } from './helpers.js';

export const CONCEPT_QUESTIONS: Question[] = [
  {
    id: 'concept-sql-vs-nosql',
    kind: 'concept',
    source: 'builtin',
    title: 'SQL vs NoSQL databases',
    difficulty: 'easy',
    tags: ['databases', 'sql', 'nosql', 'data-modeling'],
    statement: paragraphs(
      'Explain the difference between relational (SQL) databases and NoSQL databases.',
      'For a new service, how would you decide which kind to use? Give an example of a situation where each is the better fit.',
    ),
    guidance: {
      goodAnswer: [
        'Contrasts the data models: tables with a declared schema, relations and joins, versus documents, key-value pairs, wide columns or graphs shaped around access patterns.',
        'Explains transactions and consistency: multi-row ACID transactions in relational databases, versus per-item atomicity and often tunable or eventual consistency in many NoSQL stores.',
        'Compares scaling: relational databases usually scale up and out with read replicas and manual partitioning, while many NoSQL stores partition data across nodes by design.',
        'Gives concrete fits, for example orders and payments in PostgreSQL, sessions or counters in Redis, high-volume time-ordered events in a wide-column store.',
        'Decides from access patterns, consistency needs, query flexibility and the team\'s operational experience, and treats a relational database as a reasonable default.',
      ],
      followUps: [
        'Does a document database mean you have no schema? Where does the schema live then?',
        'PostgreSQL can store JSON documents. When would you still pick a document database?',
        'How would you model a many-to-many relationship, such as students and courses, in a document store?',
      ],
      hints: [
        'Think of a concrete feature, such as transferring money between two accounts, and what could go wrong without transactions.',
      ],
      rubric: rubric(
        'Only slogans ("NoSQL is faster", "SQL has tables") with no understanding of trade-offs.',
        'Correct basic differences but no decision criteria or examples.',
        'Explains models, transactions and scaling correctly, with sensible examples for each side.',
        'Nuanced answer grounded in access patterns and consistency needs, aware that the lines have blurred, with examples from real experience.',
      ),
    },
  },
  {
    id: 'concept-slow-query',
    kind: 'concept',
    source: 'builtin',
    title: 'Optimising a slow query',
    difficulty: 'medium',
    tags: ['databases', 'performance', 'indexes', 'sql'],
    statement: paragraphs(
      'The endpoint that lists a customer\'s recent paid orders has become slow. It runs this query against an orders table with 50 million rows, and it now takes about four seconds:',
      'SELECT * FROM orders WHERE customer_id = $1 AND status = \'paid\' ORDER BY created_at DESC LIMIT 20',
      'Walk me through how you would find the cause and fix it.',
    ),
    guidance: {
      goodAnswer: [
        'Measures before changing anything: reproduces the query, checks the slow-query log or statement statistics, and reads the plan with EXPLAIN ANALYZE (sequential scan, sort, estimated versus actual rows).',
        'Proposes a composite index that matches the filter and the sort, such as (customer_id, status, created_at DESC), and explains why column order matters.',
        'Reduces the work done: selects only the needed columns (possibly a covering index), and uses keyset pagination instead of large offsets for later pages.',
        'Checks for reasons the planner ignores an index: stale statistics, a function or type cast on the indexed column, or poor selectivity.',
        'Weighs the cost of indexes on writes and storage, creates them without locking the table, and verifies the improvement in production.',
        'Mentions further options if needed: caching, read replicas, partitioning by time or archiving old orders.',
      ],
      followUps: [
        'You added the index but the database still does not use it. What do you check?',
        'Is an index on status alone useful? Why or why not?',
        'How do you add an index to a 50-million-row table that receives writes all day?',
        'The query was fast yesterday and nothing was deployed. What could have changed?',
      ],
      hints: [
        'What does the database itself tell you about how it runs this query?',
        'Which columns does the query filter on, and which does it sort by?',
      ],
      rubric: rubric(
        'Guesses (bigger server, add a cache) without measuring or understanding indexes.',
        'Suggests an index, but a poorly chosen one, and does not read the query plan.',
        'Measures with EXPLAIN, proposes a well-ordered composite index and considers write cost and safe rollout.',
        'Systematic diagnosis, a precise index with reasoning about column order and covering, planner pitfalls, and options beyond indexing.',
      ),
    },
  },
  {
    id: 'concept-distributed-systems',
    kind: 'concept',
    source: 'builtin',
    title: 'Problems of distributed systems',
    difficulty: 'hard',
    tags: ['distributed-systems', 'reliability', 'consistency'],
    statement: paragraphs(
      'What problems do you run into once a system consists of several services or machines talking over a network, and how do you deal with them?',
      'Use examples from systems you have built or operated where you can.',
    ),
    guidance: {
      goodAnswer: [
        'Explains partial failure: a timed-out call may have succeeded, failed or still be running, so callers need timeouts, retries with exponential backoff and jitter, and circuit breakers.',
        'Connects retries to duplicates and answers them with idempotency keys and deduplication (at-least-once delivery plus idempotent handling).',
        'Discusses consistency: replication lag, stale reads, the CAP and latency trade-offs, and guarantees such as read-your-writes.',
        'Notes that clocks drift and cannot order events reliably across machines, and uses sequence numbers, logical clocks or fencing tokens instead.',
        'Avoids distributed transactions where possible, using sagas or a transactional outbox, and relies on proven coordination tools (etcd, ZooKeeper, database locks) for leader election.',
        'Prevents cascading failures with backpressure, load shedding and bulkheads, and makes the system observable with tracing and correlation IDs.',
      ],
      followUps: [
        'Your call to the payment provider times out. Was the customer charged? What do you do next?',
        'Why is exactly-once delivery so hard, and what do systems that claim it actually do?',
        'A process holding a distributed lock pauses for thirty seconds during garbage collection. What can go wrong?',
        'What is split brain, and how do systems avoid it?',
      ],
      hints: [
        'Think of one request from service A to service B that times out. What states could B be in?',
      ],
      rubric: rubric(
        'Only mentions that servers can go down, with no techniques for dealing with it.',
        'Lists several problems (network failures, consistency) but the remedies are generic or misapplied.',
        'Covers partial failure, retries and idempotency, consistency and clocks with appropriate techniques and examples.',
        'Deep, experience-backed answer that ties problems to concrete mechanisms (fencing tokens, outbox, backpressure) and explains their trade-offs.',
      ),
    },
  },
  {
    id: 'concept-simple-authentication',
    kind: 'concept',
    source: 'builtin',
    title: 'Building simple authentication',
    difficulty: 'medium',
    tags: ['security', 'authentication', 'sessions', 'passwords'],
    statement: paragraphs(
      'How would you build username-and-password login for a web application\'s backend? Walk through sign-up, login, keeping the user signed in between requests, and logout.',
      'You may sketch code for the key parts in the pad.',
    ),
    guidance: {
      goodAnswer: [
        'Stores passwords only as slow, salted hashes (Argon2id, bcrypt or scrypt), never in plain text or with a fast hash such as SHA-256 or MD5.',
        'Verifies passwords with the library\'s constant-time check and returns the same error for an unknown user and a wrong password.',
        'Keeps users signed in with a random, opaque session ID stored server-side and sent in a cookie marked HttpOnly, Secure and SameSite, or explains JWTs and their revocation problem.',
        'Implements logout by deleting the server-side session, and rotates the session ID at login to prevent session fixation.',
        'Limits brute force with rate limiting per account and per IP, and mentions HTTPS everywhere, CSRF protection and optional multi-factor authentication.',
        'Handles password reset with single-use, expiring, random tokens that are stored hashed.',
      ],
      followUps: [
        'When would you choose JWTs over server-side sessions, and what do you give up?',
        'How would you implement "keep me signed in for 30 days" safely?',
        'Your old system stored unsalted MD5 hashes. How do you migrate without forcing every user to reset their password?',
      ],
      hints: [
        'Suppose the users table leaks. What must an attacker still be unable to learn?',
        'After login, what does the browser send with each request, and how does the server check it?',
      ],
      rubric: rubric(
        'Stores passwords reversibly or with a fast unsalted hash, or has no real notion of sessions.',
        'Hashes passwords properly but session handling, cookie flags or logout are weak or missing.',
        'Sound password storage, secure session cookies, working logout and brute-force protection.',
        'All of the above plus clear reasoning about JWT versus sessions, reset tokens, enumeration and CSRF, possibly with clean code for the core steps.',
      ),
    },
  },
  {
    id: 'concept-caching',
    kind: 'concept',
    source: 'builtin',
    title: 'Caching',
    difficulty: 'medium',
    tags: ['caching', 'performance', 'consistency', 'redis'],
    statement: paragraphs(
      'Where and how would you add caching to a backend service?',
      'Explain the common caching strategies, how you keep a cache consistent with the database, and what can go wrong.',
    ),
    guidance: {
      goodAnswer: [
        'Names the layers: HTTP caching with Cache-Control and ETag, a CDN, an in-process cache, a shared cache such as Redis or Memcached, and the database\'s own buffers.',
        'Explains the patterns cache-aside, read-through, write-through and write-behind, and when each fits.',
        'Keeps the cache consistent with expiry times and by deleting (not updating) entries on writes, with versioned keys or change events where needed, and accepts bounded staleness deliberately.',
        'Knows the failure modes: stampedes when a hot key expires (request coalescing, jittered expiry, early refresh), hot keys, repeated misses for missing data (negative caching), and cold starts.',
        'Chooses eviction policies and sizes the cache by hit ratio, and avoids caching data that must be exact or that is private to a user in a shared cache.',
      ],
      followUps: [
        'One request updates a row while another is filling the cache from a replica. Can the cache end up stale forever?',
        'A key read 50,000 times a second expires. What happens to the database?',
        'The cache cluster goes down. What happens, and how do you prepare for it?',
        'You have 30 application instances. When is an in-process cache still a good idea?',
      ],
      hints: [
        'Picture the exact order of operations when one request writes a row while another reads it through the cache.',
      ],
      rubric: rubric(
        'Says "add Redis" without strategy, invalidation or awareness of staleness.',
        'Knows cache-aside and expiry but not the races, stampedes or what should not be cached.',
        'Explains layers, patterns and invalidation correctly and names the main failure modes with remedies.',
        'Precise reasoning about races and stampedes, trade-offs between layers, and sizing and monitoring, backed by experience.',
      ),
    },
  },
  {
    id: 'concept-message-queues',
    kind: 'concept',
    source: 'builtin',
    title: 'Message queues',
    difficulty: 'medium',
    tags: ['messaging', 'queues', 'reliability', 'async'],
    statement: paragraphs(
      'What is a message queue, and when would you put one between two services?',
      'Explain the delivery guarantees a queue can give you and how they affect the way consumers are written.',
    ),
    guidance: {
      goodAnswer: [
        'Explains decoupling in time and load: the producer does not wait for the consumer, bursts are buffered, and slow work (emails, image processing) moves out of the request path.',
        'Distinguishes work queues that delete acknowledged messages (RabbitMQ, SQS) from retained logs read by offset with replay and consumer groups (Kafka).',
        'Describes at-most-once, at-least-once and effectively-once processing, and concludes that consumers must be idempotent because at-least-once is the usual guarantee.',
        'Knows ordering is only guaranteed within a partition or message group, so related messages share a key, at the cost of parallelism.',
        'Handles failure: acknowledge after processing, visibility timeouts, retries with backoff, dead-letter queues for poison messages, and monitoring of consumer lag.',
        'Uses a transactional outbox to save to the database and publish an event reliably.',
      ],
      followUps: [
        'A service saves an order and then publishes an "order created" event, and crashes in between. What happens, and how do you prevent it?',
        'You need all events of one customer in order but want to process many customers in parallel. How?',
        'Messages arrive faster than consumers can handle them for hours. What do you do?',
      ],
      hints: [
        'What happens if a consumer crashes after doing the work but before acknowledging the message?',
      ],
      rubric: rubric(
        'Vague idea of "sending messages" with no sense of when a queue helps or of delivery guarantees.',
        'Knows the use cases but not the delivery semantics or their consequences for consumers.',
        'Explains use cases, delivery guarantees, idempotent consumers, ordering and dead-letter handling.',
        'All of the above plus queue-versus-log trade-offs, the outbox pattern and operational concerns such as lag and backpressure.',
      ),
    },
  },
];
