/** Built-in system design prompts. Written for Duet. */
import type { Question } from '../../../shared/questions.js';
import { paragraphs, rubric } from './helpers.js';

export const SYSTEM_DESIGN_QUESTIONS: Question[] = [
  {
    id: 'design-ecommerce-api',
    kind: 'system-design',
    source: 'builtin',
    title: 'API for an e-commerce platform',
    difficulty: 'medium',
    tags: ['api-design', 'rest', 'transactions', 'payments'],
    statement: paragraphs(
      'Design the backend API for an online shop. Customers browse and search a catalogue, put products in a cart, check out and pay through an external payment provider, and look at their past orders. Staff manage products and stock.',
      'The catalogue has about 50,000 products. Normally the shop receives a few orders a minute, but during sales it peaks at around 200 orders a minute, and popular items sell out.',
      'Describe the resources and endpoints, the data model behind them, and how checkout and payment stay correct.',
    ),
    guidance: {
      goodAnswer: [
        'Resource-oriented endpoints with sensible methods and status codes, for example GET /products with filters and cursor pagination, POST /carts/{id}/items, POST /orders, GET /orders/{id}, plus authentication and versioning.',
        'A data model separating products, stock, carts, orders and order lines, where order lines copy the price at purchase time.',
        'Keeps stock correct under concurrent checkouts with a transaction or a conditional decrement (only succeeds while stock remains), or with time-limited reservations.',
        'Makes order creation and payment callbacks idempotent (idempotency key from the client, deduplicated provider events), so retries never create two orders or charge twice.',
        'Models payment as an asynchronous state machine (pending, paid, failed, shipped, refunded) driven by verified provider webhooks rather than the browser redirect.',
      ],
      followUps: [
        'The client times out on POST /orders and retries. What happens?',
        'A flash sale puts 10,000 shoppers on 100 units of one item. What breaks first, and how do you protect the system?',
        'A product\'s price changes while it sits in someone\'s cart. What should the customer pay?',
        'How would you add full-text product search?',
      ],
      hints: [
        'Start from the screens the customer sees and name the resources behind each one.',
        'What if the connection drops after the order is stored but before the client gets the response?',
      ],
      rubric: rubric(
        'Lists endpoints without a data model, or ignores concurrency and payment failures entirely.',
        'Reasonable endpoints and tables, but overselling, retries or payment callbacks are not handled or only after strong prompting.',
        'Clean API and model, correct stock handling and idempotent order creation, with trade-offs explained.',
        'All of the above plus a well-reasoned payment state machine, flash-sale protection and clear prioritisation of what to build first.',
      ),
    },
  },
  {
    id: 'design-url-shortener',
    kind: 'system-design',
    source: 'builtin',
    title: 'URL shortener',
    difficulty: 'easy',
    tags: ['key-generation', 'caching', 'storage', 'scalability'],
    statement: paragraphs(
      'Design a service that turns long URLs into short links, such as https://sho.rt/aB3xK9, and redirects visitors who open a short link to the original URL.',
      'Users can pick a custom alias and an optional expiry date, and they can see how many times their link was opened.',
      'Assume 100 million new links a month, and that links are opened about a hundred times more often than they are created.',
    ),
    guidance: {
      goodAnswer: [
        'Estimates the load: roughly 40 creations and 4,000 redirects per second on average, with peaks several times higher, and storage in the order of a terabyte over several years.',
        'Chooses a key scheme and its length: a counter or pre-allocated ID ranges encoded in base 62, or random keys with a uniqueness check; seven characters give about 3.5 trillion keys.',
        'Stores key-to-URL mappings in a key-value store or a table with a unique key, and serves redirects through a cache (and possibly a CDN) because reads dominate.',
        'Discusses 301 versus 302 redirects: permanent redirects are cached by browsers and hide later clicks from the click counter.',
        'Counts clicks asynchronously (log or queue, aggregated later) so the redirect path stays fast, and handles custom alias collisions and expired links.',
      ],
      followUps: [
        'Should the same long URL shortened twice give the same short link?',
        'Sequential keys are easy to guess. Why might that matter, and what would you change?',
        'A link must be taken down for abuse. How fast can it stop working if redirects are cached?',
        'How would you serve redirects from several regions?',
      ],
      hints: [
        'How many characters do you need to give 100 million links a month for ten years a unique key?',
        'Which path must be fastest: creating a link or following one?',
      ],
      rubric: rubric(
        'Vague design without a key-generation scheme or any consideration of load.',
        'Workable key scheme and storage, but no estimates, no caching of the read path, or collisions ignored.',
        'Sound design with estimates, a justified key scheme, cached redirects and asynchronous click counting.',
        'All of the above with clear trade-offs (301 versus 302, guessable keys, multi-region, abuse handling) and a design scaled to the numbers.',
      ),
    },
  },
  {
    id: 'design-chat-service',
    kind: 'system-design',
    source: 'builtin',
    title: 'Chat service',
    difficulty: 'hard',
    tags: ['real-time', 'websockets', 'messaging', 'storage'],
    statement: paragraphs(
      'Design the backend of a team chat application. Users have one-to-one conversations and group conversations of up to 500 members. Messages must reach members who are online within a second, and people scroll back through the full history.',
      'Each user sees unread counts per conversation, and a user may be signed in on a phone and a laptop at the same time. Expect 10 million daily active users.',
    ),
    guidance: {
      goodAnswer: [
        'Keeps persistent connections (WebSocket) on a fleet of gateway servers and records which gateway each user\'s devices are connected to.',
        'Traces a message end to end: the sender sends it with a client-generated ID, the service stores it with a per-conversation sequence number, acknowledges, and fans it out to members\' gateways through pub/sub.',
        'Uses the sequence number for ordering and the client ID to deduplicate retries, so resent messages are not shown twice.',
        'Stores messages partitioned by conversation and ordered by sequence, with cursor-based pagination for scroll-back.',
        'Handles offline and multi-device users: push notifications, and on reconnect each device syncs everything after the last sequence number it has; unread counts come from a per-user read position.',
      ],
      followUps: [
        'A gateway holding 100,000 connections crashes. What do clients and the server do?',
        'A company-wide channel has 50,000 members. What changes in the fan-out?',
        'How would you add typing indicators and online presence without overloading the system?',
        'How does end-to-end encryption change what the server can do?',
      ],
      hints: [
        'Follow one message from the sender\'s keyboard to the recipient\'s screen and name every component it passes.',
        'How does a phone that was offline for two hours find out what it missed?',
      ],
      rubric: rubric(
        'Polling-only or single-server design with no clear message path or storage model.',
        'Has persistent connections and a database, but ordering, duplicates, offline delivery or multi-device sync are missing.',
        'Coherent design with gateways, routing, ordered and deduplicated messages, partitioned storage and reconnect sync.',
        'All of the above plus convincing failure handling, large-group fan-out and clear reasoning about the cost of presence and unread counts.',
      ),
    },
  },
  {
    id: 'design-rate-limiter',
    kind: 'system-design',
    source: 'builtin',
    title: 'Rate limiter for a public API',
    difficulty: 'medium',
    tags: ['rate-limiting', 'distributed-systems', 'redis', 'api-gateway'],
    statement: paragraphs(
      'A public API is served by 20 gateway instances behind a load balancer. Design the rate limiting: each API key gets a limit that depends on its plan (for example 1,000 requests per minute on the basic plan), and unauthenticated calls are limited per IP address.',
      'Clients that exceed their limit must be told when they can try again. Rate limiting should add very little latency to each request.',
    ),
    guidance: {
      goodAnswer: [
        'Compares algorithms: fixed window (bursts of up to twice the limit at window boundaries), sliding log (exact but memory-hungry), sliding window counter, and token bucket (allows controlled bursts).',
        'Keeps counters in a shared store such as Redis with atomic operations (an increment with expiry, or a script), or explains local limits with periodic synchronisation and the accuracy it gives up.',
        'Responds with HTTP 429, a Retry-After header and remaining-quota headers.',
        'Decides what happens when the shared store is unavailable (fail open or fail closed) and justifies it.',
        'Loads plan limits from configuration that can change without a deploy, and considers hot keys and sharding the counter store.',
      ],
      followUps: [
        'The limit is 10 requests per second. How exact can you be across 20 gateways, and does it matter?',
        'Some endpoints are far more expensive than others. How do you limit by cost instead of request count?',
        'The API is now served from three regions. Is the limit global or per region?',
        'How would you protect the service from a single customer who sends a burst of a million requests?',
      ],
      hints: [
        'What happens at the boundary between two fixed one-minute windows?',
        'If any of the 20 gateways can receive a client\'s next request, where does the counter live?',
      ],
      rubric: rubric(
        'Describes a per-instance counter with no awareness that limits must be shared, or names no algorithm.',
        'Picks one algorithm and a shared store but cannot explain the trade-offs, atomicity or failure behaviour.',
        'Compares algorithms, uses a shared store atomically, returns proper responses and handles store failure.',
        'All of the above plus a clear latency and accuracy trade-off, cost-based limits and multi-region reasoning.',
      ),
    },
  },
  {
    id: 'design-news-feed',
    kind: 'system-design',
    source: 'builtin',
    title: 'News feed',
    difficulty: 'hard',
    tags: ['fan-out', 'caching', 'pagination', 'scalability'],
    statement: paragraphs(
      'Design the home feed of a social application. Users follow other accounts and publish posts with text and images. The home feed shows recent posts from the accounts a user follows, newest first, and loads more as the user scrolls.',
      'There are 50 million daily active users who follow about 200 accounts on average. A few accounts have more than 10 million followers.',
    ),
    guidance: {
      goodAnswer: [
        'Compares fan-out on write (push each new post ID into every follower\'s feed) with fan-out on read (collect and merge followed accounts\' posts when the feed is opened).',
        'Chooses a hybrid: push for ordinary accounts, pull for accounts with huge follower counts, merged at read time.',
        'Stores each feed as a capped list of post IDs (for example in Redis) and fetches post bodies from a separate post store and cache.',
        'Paginates with a cursor (post ID or timestamp) instead of an offset, so new posts do not shift or duplicate pages.',
        'Does the fan-out asynchronously with queue workers, serves images from object storage through a CDN, and handles deletes, unfollows and private accounts.',
      ],
      followUps: [
        'An account with 30 million followers posts. Walk me through what happens.',
        'Most users open the app once a month. Should you still precompute their feeds?',
        'Product wants a ranked feed instead of a chronological one. What changes?',
        'A user posts and immediately refreshes. How do you make sure they see their own post?',
      ],
      hints: [
        'Is it cheaper to do the work when a post is written or when a feed is read? Does the answer change for an account with 10 million followers?',
        'What does the client send to ask for the next page?',
      ],
      rubric: rubric(
        'Queries all followed accounts\' posts on every request with no caching or scaling plan.',
        'Names fan-out on write or read but misses the celebrity problem, pagination or the split between IDs and post bodies.',
        'Hybrid fan-out with feed caches, cursor pagination and asynchronous workers, trade-offs explained.',
        'All of the above plus inactive users, own-post visibility, deletes and a credible path to ranking, backed by rough numbers.',
      ),
    },
  },
  {
    id: 'design-file-store',
    kind: 'system-design',
    source: 'builtin',
    title: 'File storage service',
    difficulty: 'hard',
    tags: ['storage', 'object-storage', 'sync', 'uploads'],
    statement: paragraphs(
      'Design a file storage service in the style of a simple cloud drive. Users upload and download files of up to 10 GB, organise them in folders, share files and folders with other users or through links, and keep their files in sync across several devices.',
      'There are 5 million users storing 2 GB each on average.',
    ),
    guidance: {
      goodAnswer: [
        'Separates metadata (files, folders, versions, owners, permissions in a database) from content (blobs in object storage).',
        'Uploads large files in chunks that can be resumed, sent directly to object storage with short-lived signed URLs instead of through the API servers, and verified with content hashes.',
        'Serves downloads through signed URLs or a CDN and supports range requests.',
        'Syncs devices with a per-user change journal read from a cursor, and resolves concurrent edits with versions or conflicted copies.',
        'Covers durability (replication or erasure coding across zones), quotas, sharing checks with expiring link tokens, and deletion through a trash and garbage collection of unreferenced chunks.',
      ],
      followUps: [
        'Two devices edit the same file while offline and then reconnect. What happens?',
        'An upload fails at 9 GB. What does the client do?',
        'Deduplicating identical chunks across users saves storage. What are the risks?',
        'A user moves a folder containing a million files. How expensive is that in your design?',
      ],
      hints: [
        'Should the bytes of a 10 GB file pass through your API servers?',
        'How does a laptop that was closed for a week learn what changed?',
      ],
      rubric: rubric(
        'Stores files in the database or on application servers with no plan for large files or sync.',
        'Separates metadata from blobs but has no resumable uploads, no sync model or no conflict handling.',
        'Chunked resumable uploads to object storage, change-journal sync, conflict handling and sharing, with trade-offs.',
        'All of the above plus durability, deduplication trade-offs, cheap folder moves and sensible capacity estimates.',
      ),
    },
  },
];
